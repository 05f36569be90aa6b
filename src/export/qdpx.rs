//! The REFI-QDA project (QDA-XML 1.0, `urn:QDA-XML:project:1.0`): a zip archive holding
//! `project.qde` and one plain-text source per interview in `sources/`. Every name and text goes
//! through quick-xml's writer, which escapes it; what XML cannot hold at all (most control
//! characters) is shown visibly first ([`super::plain`]).

use std::collections::BTreeSet;
use std::io::{self, Cursor, Write as _};

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};
use zip::CompressionMethod;
use zip::write::{SimpleFileOptions, ZipWriter};

use super::codes::{Group, State, marks, topic_groups};
use super::coding::{notes, sources};
use super::project::{Ctx, Xml, attrs};
use super::source::{self, Segment, plain};
use super::{Guids, attribute};
use crate::bank::Catalog;
use crate::transcript::Transcript;

/// The project file's name inside the archive.
pub const PROJECT_FILE: &str = "project.qde";
const NAMESPACE: &str = "urn:QDA-XML:project:1.0";

/// The `.qdpx` archive of the transcript `t`: each interview's text is compressed into the
/// archive as soon as it is built and only its spans are kept, so a large session is never
/// held twice over as text.
pub fn qdpx(t: &Transcript, catalog: &Catalog) -> io::Result<Vec<u8>> {
    let ctx = Ctx {
        t,
        guids: Guids::of_session(&t.session.id),
        marks: marks(t),
        claims: source::standing_claims(&t.interviews),
    };
    // Deflate only, and no timestamps (the zip crate writes 1980-01-01 without its time
    // features): two exports of the same session are the same bytes.
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let mut spans = Vec::with_capacity(t.interviews.len());
    for interview in &t.interviews {
        let source = source::build(interview, &ctx.claims);
        zip.start_file(format!("sources/{}.txt", ctx.source_guid(interview)), options)?;
        zip.write_all(source.text.as_bytes())?;
        spans.push(source.segments);
    }
    let project = project(&ctx, &topic_groups(t, catalog), &spans)?;
    zip.start_file(PROJECT_FILE, options)?;
    zip.write_all(&project)?;
    Ok(zip.finish()?.into_inner())
}

fn project(ctx: &Ctx, groups: &[Group], spans: &[Vec<Segment>]) -> io::Result<Vec<u8>> {
    let s = &ctx.t.session;
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
    let pairs = [
        ("xmlns", Some(NAMESPACE.to_string())),
        ("name", Some(attribute(&s.organisation).into_owned())),
        ("origin", Some(ctx.t.generator.clone())),
        ("creatingUserGUID", s.interviewer.as_deref().map(|u| ctx.user(u))),
        ("creationDateTime", Some(s.created_at.clone())),
        ("modifiedDateTime", Some(s.updated_at.clone())),
    ];
    // The launch every interview is about, so a coder reads each answer against the same case.
    let launch = s.launch.as_ref().map_or(String::new(), |l| {
        let release = l.release_label().map(|r| format!(", carried by {r}")).unwrap_or_default();
        format!(" The launch in view: {}{release}.", l.label())
    });
    let description = format!(
        "crosscheck session {} ({}).{launch} Positions count characters (Unicode scalar values) from 0, the end exclusive.",
        s.id, s.organisation
    );
    w.create_element("Project").with_attributes(attrs(&pairs)).write_inner_content(|w| {
        users(w, ctx)?;
        codebook(w, ctx, groups)?;
        variables(w, ctx)?;
        cases(w, ctx)?;
        sources(w, ctx, spans)?;
        notes(w, ctx)?;
        super::links::links(w, ctx)?;
        super::links::sets(w, ctx)?;
        w.create_element("Description").write_text_content(BytesText::new(&plain(&description)))?;
        Ok(())
    })?;
    Ok(w.into_inner())
}

/// The interviewers: whoever captured an interview, edited an answer (or gave a value a merge
/// kept beside it), made or put a claim.
fn users(w: &mut Xml, ctx: &Ctx) -> io::Result<()> {
    let t = ctx.t;
    let mut names: BTreeSet<&str> = t.session.interviewer.iter().map(String::as_str).collect();
    for i in &t.interviews {
        names.extend(i.interviewer.as_deref());
        names.extend(i.answers.iter().filter_map(|a| a.given.edited_by.as_deref()));
        names.extend(i.claims.iter().filter_map(|c| c.made_by.as_deref()));
        names.extend(i.checks.iter().filter_map(|c| c.by.as_deref()));
        names.extend(i.conflicts.iter().filter_map(|c| c.given.edited_by.as_deref()));
    }
    if names.is_empty() {
        return Ok(());
    }
    w.create_element("Users").write_inner_content(|w| {
        for name in names {
            let guid = ctx.user(name);
            w.create_element("User")
                .with_attributes([("guid", guid.as_str()), ("name", &attribute(name))])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

fn codebook(w: &mut Xml, ctx: &Ctx, groups: &[Group]) -> io::Result<()> {
    w.create_element("CodeBook").write_inner_content(|w| {
        w.create_element("Codes").write_inner_content(|w| {
            for g in groups {
                let guid = ctx.guids.of("area", &[&g.name]);
                parent(w, &guid, &g.name).write_inner_content(|w| {
                    for topic in &g.topics {
                        code(w, &ctx.topic(&topic.id), &topic.title, None, topic.description.as_deref())?;
                    }
                    Ok(())
                })?;
            }
            parent(w, &ctx.guids.of("states", &[]), "Answer states").write_inner_content(|w| {
                for s in State::ALL {
                    code(w, &ctx.state(s), s.name(), Some(s.color()), Some(s.description()))?;
                }
                Ok(())
            })?;
            Ok(())
        })?;
        Ok(())
    })?;
    Ok(())
}

/// A code that only groups others.
fn parent<'a>(w: &'a mut Xml, guid: &'a str, name: &'a str) -> quick_xml::writer::ElementWriter<'a, Vec<u8>> {
    w.create_element("Code")
        .with_attribute(("guid", guid))
        .with_attribute(("name", name))
        .with_attribute(("isCodable", "false"))
}

fn code(w: &mut Xml, guid: &str, name: &str, color: Option<&str>, description: Option<&str>) -> io::Result<()> {
    let name = attribute(name);
    let pairs = [
        ("guid", Some(guid.to_string())),
        ("name", Some(name.into_owned())),
        ("isCodable", Some("true".to_string())),
        ("color", color.map(str::to_string)),
    ];
    let element = w.create_element("Code").with_attributes(attrs(&pairs));
    match description {
        Some(d) => element.write_inner_content(|w| {
            w.create_element("Description").write_text_content(BytesText::new(&plain(d)))?;
            Ok(())
        })?,
        None => element.write_empty()?,
    };
    Ok(())
}

const VARIABLES: [&str; 3] = ["Function", "Role", "Interviewer"];

fn variables(w: &mut Xml, ctx: &Ctx) -> io::Result<()> {
    w.create_element("Variables").write_inner_content(|w| {
        for name in VARIABLES {
            let guid = ctx.guids.of("variable", &[name]);
            let pairs = [("guid", guid.as_str()), ("name", name), ("typeOfVariable", "Text")];
            w.create_element("Variable").with_attributes(pairs).write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// One case per interview: the interviewee, with their function, role and interviewer.
fn cases(w: &mut Xml, ctx: &Ctx) -> io::Result<()> {
    if ctx.t.interviews.is_empty() {
        return Ok(());
    }
    w.create_element("Cases").write_inner_content(|w| {
        for i in &ctx.t.interviews {
            let name = i.interviewee.clone().unwrap_or_else(|| format!("{} interview {}", i.function, i.id));
            let guid = ctx.guids.of("case", &[&i.id]);
            let values = [Some(i.function.as_str()), i.role.as_deref(), i.interviewer.as_deref()];
            let case = w.create_element("Case").with_attribute(("guid", guid.as_str()));
            case.with_attribute(("name", attribute(&name).as_ref())).write_inner_content(|w| {
                for (name, value) in VARIABLES.iter().zip(values) {
                    let Some(value) = value else { continue };
                    w.create_element("VariableValue").write_inner_content(|w| {
                        let target = ctx.guids.of("variable", &[name]);
                        w.create_element("VariableRef")
                            .with_attribute(("targetGUID", target.as_str()))
                            .write_empty()?;
                        w.create_element("TextValue").write_text_content(BytesText::new(&plain(value)))?;
                        Ok(())
                    })?;
                }
                let source = ctx.source_guid(i);
                w.create_element("SourceRef").with_attribute(("targetGUID", source.as_str())).write_empty()?;
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}
