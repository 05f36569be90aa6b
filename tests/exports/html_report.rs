//! The HTML report: one self-contained page, every session text escaped, rendered by a real
//! browser (headless Chromium, which CI installs).

use std::path::Path;
use std::process::Command as Std;

use assert_cmd::Command;
use chrono::Utc;
use crosscheck::bank::Catalog;
use crosscheck::session::{AnswerValue, Session};

fn crosscheck() -> Command {
    let mut cmd = Command::cargo_bin("crosscheck").expect("the binary is built");
    cmd.env_remove("CROSSCHECK_DATA_DIR");
    cmd
}

fn demo_html(dir: &Path) -> String {
    let file = dir.join("read-out.html");
    crosscheck().args(["--demo", "report", "demo-corvane-analytics", "-o"]).arg(&file).assert().success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&file).unwrap().permissions().mode() & 0o777, 0o600);
    }
    std::fs::read_to_string(file).unwrap()
}

/// Headless Chromium, which CI installs; None (the test skipped, said on stderr) elsewhere.
fn chromium() -> Option<&'static str> {
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Std::new(b).arg("--version").output().is_ok_and(|o| o.status.success()));
    if chromium.is_none() {
        assert!(std::env::var_os("CI").is_none(), "CI installs chromium (.ci/run): this test must run there");
        eprintln!("skipped: no headless Chromium on this machine (apt-get install chromium)");
    }
    chromium
}

const HEADLESS: [&str; 3] = ["--headless", "--disable-gpu", "--no-sandbox"];

#[test]
fn the_demo_report_is_one_page_with_the_same_sections_and_a_heat_map_that_keeps_its_symbols() {
    let tmp = tempfile::tempdir().unwrap();
    let html = demo_html(tmp.path());
    assert!(html.starts_with("<!DOCTYPE html>"));
    // The demo covers all five pillars, so the page draws their chart; its SVG namespace is a
    // name, not something fetched.
    assert!(html.contains(r#"<svg class="pillars""#), "the five-pillar chart");
    let fetched = html.replace(r#"xmlns="http://www.w3.org/2000/svg""#, "");
    for external in ["http://", "https://", "<link", "<script", "src="] {
        assert!(!fetched.contains(external), "not self-contained: {external}");
    }
    let markdown =
        String::from_utf8(crosscheck().args(["--demo", "report", "demo-corvane-analytics"]).output().unwrap().stdout)
            .unwrap();
    for heading in markdown.lines().filter_map(|l| l.strip_prefix("## ")) {
        assert!(html.contains(&format!("<h2>{}</h2>", heading.replace('&', "&amp;"))), "section {heading}");
    }
    assert!(html.contains(r#"<table class="heat" id="divergence-matrix">"#));
    assert!(
        html.contains(r#"<td class="over2" data-label="Product (PM)">1.0 · ▲▲ +3.0 (claim 4.0)</td>"#),
        "colour and symbol together"
    );
    assert!(
        html.contains(r#"<td class="fact" data-label="Customer Success &amp; Support">4.0 · ×× 2.0</td>"#),
        "a shared fact disagreed on has its own colour"
    );
    assert!(html.contains("@media print"));
}

#[test]
fn notes_cannot_add_markup() {
    let tmp = tempfile::tempdir().unwrap();
    let catalog = Catalog::embedded().unwrap();
    let now = Utc::now();
    let mut s = Session::new("hostile".into(), "Evil <b>Corp</b> & Co".into(), Some("<i>me</i>".into()), now);
    let i = s.add_interview("sales", "1", now);
    let q = catalog
        .bank("sales")
        .unwrap()
        .questions
        .iter()
        .find(|q| q.stance.is_some() && q.kind == crosscheck::bank::Kind::Scale)
        .unwrap()
        .id
        .clone();
    let a = s.interviews[i].answer_mut(&q);
    a.set_value(AnswerValue::Scale { value: 1 }, now);
    a.notes =
        "<script>alert(1)</script> <img src=x onerror=alert(2)> ]]> &amp; [link](javascript:alert(3)) <br>".into();
    a.flags.quote = true;
    a.flags.follow_up = true;
    a.flags.follow_up_reason = Some("ask <script>alert(5)</script> again".into());
    s.interviews[i].interviewee = Some("<svg onload=alert(4)>".into());
    let html = crosscheck::report::html(&s, &catalog, now, &crosscheck::report::ReadOut::team());
    for tag in ["<script", "<img", "<svg", "<b>", "<i>", "href=", "<a "] {
        assert!(!html.contains(tag), "{tag} reached the page");
    }
    assert!(html.contains("ask &lt;script&gt;alert(5)&lt;/script&gt; again"), "the reason is there, as text");
    assert!(html.contains("Evil &lt;b&gt;Corp&lt;/b&gt; &amp; Co"), "the organisation too");
    assert!(html.contains("&lt;br&gt;"), "a note's own <br> is text");
    let _ = tmp;
}

#[test]
fn a_real_browser_renders_the_page() {
    let Some(chromium) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    demo_html(tmp.path());
    let page = format!("file://{}", tmp.path().join("read-out.html").display());
    let png = tmp.path().join("read-out.png");
    let headless = ["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--window-size=1100,2400"];
    let shot =
        Std::new(chromium).args(headless).arg(format!("--screenshot={}", png.display())).arg(&page).output().unwrap();
    assert!(shot.status.success(), "{}", String::from_utf8_lossy(&shot.stderr));
    let size = std::fs::metadata(&png).map(|m| m.len()).unwrap_or(0);
    assert!(size > 50_000, "a rendered page, not a blank one: {size} bytes");
    let dom = Std::new(chromium).args(headless).arg("--dump-dom").arg(&page).output().unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("id=\"divergence-matrix\"") && dom.contains("Pricing and packaging"), "the matrix in the DOM");
}

/// With the upstream pillars in scope, the page draws the five-pillar profile as an inline SVG
/// under its section (levels in words as well as heights and fills, for print); an
/// Operations-only report has no chart. A real browser puts it in the DOM.
#[test]
fn the_five_pillars_are_drawn_when_they_are_in_scope() {
    let catalog = Catalog::embedded().unwrap();
    let mut s = crosscheck::testing::session(&catalog, 5, 3);
    let now = Utc::now();
    assert!(
        !crosscheck::report::html(&s, &catalog, now, &crosscheck::report::ReadOut::team()).contains("<svg"),
        "Operations only: no chart"
    );
    s.scope = crosscheck::bank::Scope::all();
    let html = crosscheck::report::html(&s, &catalog, now, &crosscheck::report::ReadOut::team());
    let at = html.find("<h2>The five pillars</h2>").expect("the section");
    let chart = html.find("<svg class=\"pillars\"").expect("the chart");
    assert!(chart > at && chart < html[at..].find("<table").map_or(usize::MAX, |t| at + t), "under its heading");
    for word in ["Identity &amp;", "Operations", "pattern id=\"hatch\"", "<title id=\"pillars-title\">"] {
        assert!(html[chart..].contains(word), "{word}");
    }
    let Some(chromium) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("five.html");
    std::fs::write(&file, &html).unwrap();
    let page = format!("file://{}", file.display());
    let headless = ["--headless", "--disable-gpu", "--no-sandbox", "--hide-scrollbars", "--window-size=1100,1400"];
    let png = tmp.path().join("five.png");
    let shot =
        Std::new(chromium).args(headless).arg(format!("--screenshot={}", png.display())).arg(&page).output().unwrap();
    assert!(shot.status.success(), "{}", String::from_utf8_lossy(&shot.stderr));
    let dom = Std::new(chromium).args(headless).arg("--dump-dom").arg(&page).output().unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    assert!(dom.contains("<svg class=\"pillars\"") && dom.contains("<rect"), "the chart in the DOM");
}

/// A table cell of several lines (two interviews' checks of one claim) breaks its lines; no
/// literal `<br>` shows.
#[test]
fn multi_line_cells_break_their_lines() {
    let tmp = tempfile::tempdir().unwrap();
    let html = demo_html(tmp.path());
    assert!(!html.contains("&lt;br&gt;"), "a literal <br> in the page");
    let claims = &html[html.find("<h2>Claims checked</h2>").expect("the section")..];
    assert!(claims.contains("<br />"), "the checks of one claim, a line each");
}

/// At phone width (360 px: narrower than headless Chromium's window can be, so the page is
/// framed) the page never scrolls sideways: the matrix is a card per topic, each cell under its
/// function's name.
#[test]
fn the_page_fits_a_phone() {
    let Some(chromium) = chromium() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let html = demo_html(tmp.path());
    assert!(html.contains("data-label=\"Customer Success &amp; Support\""), "each cell names its function");
    let frame = tmp.path().join("phone.html");
    let measure = "var d = this.contentDocument.documentElement; \
                   document.body.setAttribute('data-widths', d.scrollWidth + '/' + d.clientWidth);";
    let page = format!(
        "<!DOCTYPE html><body><iframe src=\"read-out.html\" style=\"width:360px;height:700px;border:0\" \
         onload=\"{measure}\"></iframe></body>"
    );
    std::fs::write(&frame, page).unwrap();
    let dom = Std::new(chromium)
        .args(HEADLESS)
        .args(["--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom"])
        .arg(format!("file://{}", frame.display()))
        .output()
        .unwrap();
    let dom = String::from_utf8_lossy(&dom.stdout);
    let widths = dom.split("data-widths=\"").nth(1).and_then(|w| w.split('"').next()).expect("the frame measured");
    let (scroll, client) = widths.split_once('/').unwrap();
    let (scroll, client): (u32, u32) = (scroll.parse().unwrap(), client.parse().unwrap());
    assert!(client <= 360 && scroll <= client, "the page scrolls sideways at phone width: {scroll} px in {client}");
}

/// The words of each page of a PDF, with how far down the page the last one ends (0..1):
/// Poppler's `pdftotext -bbox`, a reader that is not ours.
fn pdf_pages(pdf: &Path) -> Vec<(String, f64)> {
    let out = Std::new("pdftotext").arg("-bbox").arg(pdf).arg("-").output().expect("pdftotext (poppler-utils) runs");
    let xml = String::from_utf8_lossy(&out.stdout);
    let attr = |tag: &str, name: &str| -> f64 {
        let at = tag.find(&format!("{name}=\"")).unwrap() + name.len() + 2;
        tag[at..at + tag[at..].find('"').unwrap()].parse().unwrap()
    };
    xml.split("<page ")
        .skip(1)
        .map(|page| {
            let height = attr(page, "height");
            let words: Vec<&str> = page.split("<word ").skip(1).collect();
            let bottom = words.iter().map(|w| attr(w, "yMax")).fold(0.0, f64::max);
            let text: Vec<&str> = words.iter().filter_map(|w| w.split('>').nth(1)?.split('<').next()).collect();
            (text.join(" "), bottom / height)
        })
        .collect()
}

/// Printed to PDF, a long table runs on rather than jumping whole to the next page: no page but
/// the last is left less than two-thirds full, and the matrix's caption is on the page where
/// the matrix starts.
#[test]
fn printed_no_page_is_left_half_empty() {
    let Some(chromium) = chromium() else { return };
    if Std::new("pdftotext").arg("-v").output().is_err() {
        assert!(std::env::var_os("CI").is_none(), "CI installs poppler-utils (.ci/run): this test must run there");
        eprintln!("skipped: no pdftotext on this machine (apt-get install poppler-utils)");
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    demo_html(tmp.path());
    let pdf = tmp.path().join("read-out.pdf");
    let printed = Std::new(chromium)
        .args(HEADLESS)
        .arg("--no-pdf-header-footer")
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", tmp.path().join("read-out.html").display()))
        .output()
        .unwrap();
    assert!(printed.status.success(), "{}", String::from_utf8_lossy(&printed.stderr));
    let pages = pdf_pages(&pdf);
    assert!(pages.len() > 5, "the whole report: {} pages", pages.len());
    for (n, (text, filled)) in pages.iter().enumerate().take(pages.len() - 1) {
        let start: String = text.chars().take(80).collect();
        assert!(*filled > 0.66, "page {} is {:.0} % full: {start}…", n + 1, filled * 100.0);
    }
    let caption = "Each row is a topic, the widest gaps first";
    let page = &pages.iter().find(|(t, _)| t.contains(caption)).expect("the matrix's caption").0;
    // Its first row's first word, below it on the same page.
    assert!(page[page.find(caption).unwrap()..].contains("Pricing"), "the matrix's caption is cut from its table");
}
