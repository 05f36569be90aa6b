//! The comparison under a `received` answer: this interview against what was communicated, and
//! the function's mean so far (what the matrix will show).

use super::{Ctx, InterviewState};
use crate::divergence;

/// Hidden until the question is answered, so what was communicated never leads the interview.
pub fn comparison(state: &InterviewState, ctx: &Ctx) -> Option<String> {
    let (session, interview, bank, catalog) = (ctx.session, ctx.interview, ctx.bank, &ctx.env.catalog);
    let q = bank.questions.get(state.question)?;
    if q.stance != Some(crate::bank::Stance::Received) {
        return None;
    }
    let mine = interview.answer(&q.id)?.normalised(q)?;
    // The communicated side alone: the receivers' sides and the contrasting terms are not shown
    // here.
    let communicated = divergence::communicated(session, catalog, q.topic.as_deref()?, Some(&interview.function))?;
    let communicator =
        catalog.bank(&communicated.function).map_or(communicated.function.as_str(), |b| b.title.as_str());
    // What the matrix will show: the mean of this function's interviews that answered.
    let answers: Vec<f64> = session
        .interviews
        .iter()
        .filter(|i| i.function == interview.function)
        .filter_map(|i| i.answer(&q.id)?.normalised(q))
        .collect();
    let so_far = match answers.len() {
        0 | 1 => String::new(),
        n => format!(
            " · {} so far: {} from {n} interviews",
            bank.title,
            divergence::points(answers.iter().sum::<f64>() / n as f64)
        ),
    };
    Some(match communicated.score {
        Some(communicated) => {
            let v = divergence::verdict(communicated, mine);
            format!(
                "{} {} vs {communicator}'s claim: level {} claimed, {} received here ({} points){so_far}",
                v.symbol(),
                v.name(),
                divergence::points(communicated),
                divergence::points(mine),
                divergence::signed_points(communicated - mine)
            )
        }
        None => {
            let why = communicated
                .unknown
                .map_or_else(|| format!("{communicator}'s claim is unknown"), |u| u.sentence(communicator));
            format!("? No claim to compare with yet: {why}{so_far}")
        }
    })
}
