//! The report as one self-contained HTML file: the Markdown report's content, rendered to HTML
//! (pulldown-cmark), its divergence matrix a heat map whose colours repeat each cell's symbol,
//! in a page template (minijinja) with print CSS, so "print to PDF" gives a clean document. No
//! network, no external asset.
//!
//! Every text from a session is escaped: the Markdown report escapes it already, and any HTML
//! the Markdown would pass through is turned back into text here, so notes cannot add markup.

use chrono::{DateTime, Utc};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::bank::Catalog;
use crate::session::Session;

const TEMPLATE: &str = include_str!("../../assets/report.html");

/// The heading of the section whose table is the matrix.
const MATRIX_HEADING: &str = "Divergence matrix";
/// The heading the five-pillar chart follows.
const PILLARS_HEADING: &str = "The five pillars";

/// The report of `session` for `read_out`'s readers as HTML, dated `now`.
pub fn html(session: &Session, catalog: &Catalog, now: DateTime<Utc>, read_out: &super::ReadOut) -> String {
    html_beside(session, catalog, now, read_out, super::Beside::default())
}

/// The HTML report of `session`, set beside the earlier engagement and the others in `beside`.
pub fn html_beside(
    session: &Session,
    catalog: &Catalog,
    now: DateTime<Utc>,
    read_out: &super::ReadOut,
    beside: super::Beside,
) -> String {
    let (markdown, diagnosis) = super::with_diagnosis(session, catalog, now, read_out, beside);
    let body = body(&markdown, &super::chart::pillars_svg(&diagnosis));
    let mut env = minijinja::Environment::new();
    // Named .html so every value is escaped but the body, made safe above. The template is ours
    // and checked by the tests: it cannot fail to parse or render.
    let page = env.add_template("report.html", TEMPLATE).and_then(|()| env.get_template("report.html")).and_then(|t| {
        t.render(minijinja::context! {
            title => format!("Delivery diagnostic: {}", session.organisation),
            language => crate::divergence::language::or_default(&session.language).code,
            generator => format!("crosscheck {}", env!("CARGO_PKG_VERSION")),
            generated => now.format("%Y-%m-%d %H:%M UTC").to_string(),
            body => body,
        })
    });
    page.unwrap_or_else(|e| format!("<!DOCTYPE html><title>report</title><p>{}</p>", escape(&e.to_string())))
}

/// The Markdown as HTML: raw HTML in it becomes text, and the matrix's cells get the class of
/// their symbol.
fn body(markdown: &str, chart: &str) -> String {
    let mut heading = String::new();
    let mut in_heading = false;
    let mut cell: Option<Vec<Event>> = None;
    let mut in_head = false;
    // The matrix's column headings, and the column of the cell being read: each cell carries its
    // heading, for the page at phone width.
    let (mut headings, mut column): (Vec<String>, usize) = (Vec::new(), 0);
    let mut events: Vec<Event> = Vec::new();
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            // The line breaks `markdown::cell` writes in a table cell (a session's own `<` is
            // escaped there, so this one is ours); any other markup inside a session's text is text.
            Event::InlineHtml(raw) if &*raw == "<br>" => push(&mut events, &mut cell, Event::HardBreak),
            Event::Html(raw) | Event::InlineHtml(raw) => push(&mut events, &mut cell, Event::Text(raw)),
            Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => {
                heading.clear();
                in_heading = true;
                events.push(event);
            }
            Event::End(TagEnd::Heading(_)) => {
                in_heading = false;
                events.push(event);
                // The chart is ours, built from the method's words alone (see `chart.rs`).
                if heading == PILLARS_HEADING && !chart.is_empty() {
                    events.push(Event::Html(CowStr::from(chart.to_string())));
                }
            }
            Event::Text(ref t) if in_heading => {
                heading.push_str(t);
                events.push(event);
            }
            Event::Start(Tag::TableHead) => {
                in_head = true;
                events.push(event);
            }
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                events.push(event);
            }
            Event::Start(Tag::TableRow) => {
                column = 0;
                events.push(event);
            }
            Event::Start(Tag::TableCell) if heading == MATRIX_HEADING => {
                cell = Some(Vec::new());
                if in_head {
                    headings.push(String::new());
                }
            }
            Event::End(TagEnd::TableCell) if cell.is_some() && in_head => {
                let inner = cell.take().unwrap_or_default();
                if let Some(h) = headings.last_mut() {
                    *h = inner.iter().filter_map(text_of).collect();
                }
                events.push(Event::Start(Tag::TableCell));
                events.extend(inner);
                events.push(Event::End(TagEnd::TableCell));
            }
            Event::End(TagEnd::TableCell) if cell.is_some() => {
                let inner = cell.take().unwrap_or_default();
                let text: String = inner.iter().filter_map(text_of).collect();
                // The topic's own column needs no label: it heads the card.
                let label = headings.get(column).filter(|_| column > 0);
                let label =
                    label.map_or(String::new(), |h| format!(" data-label=\"{}\"", escape(h).replace('"', "&quot;")));
                column += 1;
                events.push(Event::Html(CowStr::from(format!("<td class=\"{}\"{label}>", heat_class(&text)))));
                events.extend(inner);
                events.push(Event::Html(CowStr::from("</td>")));
            }
            other => push(&mut events, &mut cell, other),
        }
    }
    let mut out = String::with_capacity(markdown.len() * 2);
    pulldown_cmark::html::push_html(&mut out, events.into_iter());
    // The matrix's table is the first after its heading.
    let heading = format!("<h2>{MATRIX_HEADING}</h2>");
    if let Some(at) = out.find(&heading).and_then(|h| out[h..].find("<table>").map(|t| h + t)) {
        out.replace_range(at..at + "<table>".len(), "<table class=\"heat\" id=\"divergence-matrix\">");
    }
    out
}

fn push<'a>(events: &mut Vec<Event<'a>>, cell: &mut Option<Vec<Event<'a>>>, event: Event<'a>) {
    match cell {
        Some(inner) => inner.push(event),
        None => events.push(event),
    }
}

fn text_of<'a>(e: &'a Event) -> Option<&'a str> {
    match e {
        Event::Text(t) | Event::Code(t) => Some(t),
        _ => None,
    }
}

/// The class of a matrix cell, from the symbol it carries.
fn heat_class(text: &str) -> &'static str {
    if text.contains("▲▲") {
        "over2"
    } else if text.contains('▲') {
        "over1"
    } else if text.contains("▼▼") {
        "under2"
    } else if text.contains('▼') {
        "under1"
    } else if text.contains('×') {
        // A shared fact disagreed on: no one over-states it.
        "fact"
    } else if text.contains("both strong") {
        "strong"
    } else if text.contains("both weak") {
        "weak"
    } else if text.contains('=') {
        "aligned"
    } else if text.contains('?') {
        "unknown"
    } else if text.trim() == "—" {
        "none"
    } else {
        "label"
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}
