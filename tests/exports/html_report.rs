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
    assert!(html.contains(r#"<td class="over2">1.0 · ▲▲ +3.0 (claim 4.0)</td>"#), "colour and symbol together");
    assert!(html.contains(r#"<td class="fact">4.0 · ×× 2.0</td>"#), "a shared fact disagreed on has its own colour");
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
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Std::new(b).arg("--version").output().is_ok_and(|o| o.status.success()));
    let Some(chromium) = chromium else {
        assert!(std::env::var_os("CI").is_none(), "CI installs chromium (.ci/run): this test must run there");
        eprintln!("skipped: no headless Chromium on this machine (apt-get install chromium)");
        return;
    };
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
    let chromium = ["chromium", "chromium-browser", "google-chrome"]
        .into_iter()
        .find(|b| Std::new(b).arg("--version").output().is_ok_and(|o| o.status.success()));
    let Some(chromium) = chromium else {
        assert!(std::env::var_os("CI").is_none(), "CI installs chromium (.ci/run): this test must run there");
        return;
    };
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
