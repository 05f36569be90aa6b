//! How the project ties its parts together for a QDA tool: a link from each claim's selection
//! to each interview's verdict on it (where the claim was checked), and a set of the sources
//! of each function's interviews (to compare Sales with Product, say).

use std::collections::HashMap;
use std::io;

use super::attribute;
use super::project::{Ctx, Xml, attrs};

/// One link per check of a standing claim: from the claim (where it was made) to the verdict
/// (where it was put), one way.
pub(super) fn links(w: &mut Xml, ctx: &Ctx) -> io::Result<()> {
    let made_in: HashMap<&str, &str> =
        ctx.t.interviews.iter().flat_map(|i| i.claims.iter().map(move |c| (c.id.as_str(), i.id.as_str()))).collect();
    let checks: Vec<_> = ctx
        .t
        .interviews
        .iter()
        .flat_map(|i| i.checks.iter().map(move |k| (i, k)))
        .filter_map(|(i, k)| Some((i, k, ctx.claims.get(k.claim.as_str())?, *made_in.get(k.claim.as_str())?)))
        .collect();
    if checks.is_empty() {
        return Ok(());
    }
    w.create_element("Links").write_inner_content(|w| {
        for &(interview, check, claim, origin) in &checks {
            let who = interview.interviewee.as_deref().unwrap_or(interview.function.as_str());
            let name = format!("checked with {who}: {}", check.verdict.name());
            let pairs = [
                ("guid", Some(ctx.guids.of("link", &[&interview.id, &check.claim]))),
                ("name", Some(attribute(&name).into_owned())),
                ("direction", Some("OneWay".to_string())),
                ("originGUID", Some(ctx.selection(origin, &format!("claim\u{1f}{}", claim.id)))),
                ("targetGUID", Some(ctx.selection(&interview.id, &format!("check\u{1f}{}", check.claim)))),
            ];
            w.create_element("Link").with_attributes(attrs(&pairs)).write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

/// One set per function, in the order its first interview was held, holding the sources of
/// its interviews.
pub(super) fn sets(w: &mut Xml, ctx: &Ctx) -> io::Result<()> {
    let mut functions: Vec<&str> = Vec::new();
    for i in &ctx.t.interviews {
        if !functions.contains(&i.function.as_str()) {
            functions.push(&i.function);
        }
    }
    if functions.is_empty() {
        return Ok(());
    }
    let title =
        |f: &str| ctx.t.banks.iter().find(|b| b.function == f).map_or_else(|| f.to_string(), |b| b.title.clone());
    w.create_element("Sets").write_inner_content(|w| {
        for function in functions {
            let guid = ctx.guids.of("set", &[function]);
            let name = format!("{} interviews", title(function));
            let set = w.create_element("Set").with_attribute(("guid", guid.as_str()));
            set.with_attribute(("name", attribute(&name).as_ref())).write_inner_content(|w| {
                for i in ctx.t.interviews.iter().filter(|i| i.function == function) {
                    let source = ctx.source_guid(i);
                    w.create_element("MemberSource").with_attribute(("targetGUID", source.as_str())).write_empty()?;
                }
                Ok(())
            })?;
        }
        Ok(())
    })?;
    Ok(())
}
