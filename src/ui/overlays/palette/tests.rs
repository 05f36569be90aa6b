//! The palette's ranking: what shows first, and that nothing is lost on the way.

use super::*;
use crossterm::event::KeyCode;

#[test]
fn matches_below_the_fold_are_ranked_when_scrolled_to() {
    let catalog = crate::testing::catalog(2_500, 3);
    let mut palette = Palette::new(&catalog);
    for c in "la".chars() {
        palette.type_key(KeyEvent::from(KeyCode::Char(c)));
    }
    let count = palette.match_count();
    assert!(palette.matches.len() < count, "only what can be shown is ranked at first");
    let first: Vec<usize> = palette.matches.iter().map(|m| m.0).collect();
    for _ in 0..count + 5 {
        palette.select(palette.selected + 1);
        assert!(palette.matches.len() > palette.selected, "the selected match is ranked");
        let (i, _, positions) = &palette.matches[palette.selected];
        // Highlighted, unless only the tag with the text matches ("Sales" and an 'a').
        let text = palette.entries()[*i].text.to_lowercase();
        let text_matches = text.find('l').is_some_and(|l| text[l..].contains('a'));
        assert_eq!(!positions.is_empty(), text_matches, "{text}");
    }
    assert_eq!((palette.selected, palette.matches.len(), palette.match_count()), (count - 1, count, count));
    assert_eq!(palette.matches[..first.len()].iter().map(|m| m.0).collect::<Vec<_>>(), first);
    assert!(palette.matches.windows(2).all(|w| w[0].1 >= w[1].1), "best first");
    // Narrowing from a partly ranked list keeps every match.
    let mut narrowed = Palette::new(&catalog);
    for c in "lat".chars() {
        narrowed.type_key(KeyEvent::from(KeyCode::Char(c)));
    }
    palette.type_key(KeyEvent::from(KeyCode::Char('t')));
    assert_eq!(palette.match_count(), narrowed.match_count());
}

#[test]
fn in_an_interview_its_questions_come_first_and_nothing_is_lost() {
    let catalog = crate::testing::catalog(2_500, 3);
    let home = catalog.banks[2].function.clone();
    for query in ["la", "lau", "zq", "customer"] {
        let type_in = |mut palette: Palette| {
            for c in query.chars() {
                palette.type_key(KeyEvent::from(KeyCode::Char(c)));
            }
            palette
        };
        let anywhere = type_in(Palette::new(&catalog));
        let mut here = type_in(Palette::new(&catalog).at_home(Some(&home)));
        assert_eq!(here.match_count(), anywhere.match_count(), "{query}: the same matches");
        // The best match of this interview's bank comes before every other bank's match
        // scoring less than a quarter above it.
        let best_home = anywhere.matches.iter().find(|m| here.is_home(m.0)).map(|m| m.1);
        for _ in 0..here.match_count() + 2 {
            here.select(here.selected + 1);
        }
        let first_home = here.matches.iter().position(|m| here.is_home(m.0));
        if let (Some(score), Some(first)) = (best_home, first_home) {
            let ahead = &here.matches[..first];
            assert!(ahead.iter().all(|m| m.1 > score + score / 4), "{query}: {:?}", &here.matches[..=first]);
        }
        let scores: Vec<i64> = here.matches.iter().map(|m| m.1).collect();
        assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{query}: best first, with the bonus");
    }
}

/// A query that starts no word of 10,000 questions (every match scored one by one) shows what
/// one frame's scoring ranks, says the rest is being ranked, and ends, between frames, exactly
/// where ranking everything at once would.
#[test]
fn a_long_ranking_goes_on_between_frames_and_ends_where_one_go_would() {
    let catalog = crate::testing::catalog(10_000, 1);
    let mut palette = Palette::new(&catalog);
    for c in "ae".chars() {
        palette.type_key(KeyEvent::from(KeyCode::Char(c)));
    }
    assert!(palette.ranking(), "more than a frame's scoring is left");
    assert!(palette.matches.len() < palette.match_count());
    let mut frames = 0;
    while palette.work() {
        frames += 1;
    }
    assert!(frames >= 1 && !palette.ranking());
    // The reference: every candidate scored in one go, then whole words first among ties.
    let all: Vec<usize> = (0..palette.entries().len()).collect();
    let whole = search::Search::default().rank(&palette.targets.index, "ae", &all, usize::MAX);
    let entries = palette.entries();
    let mut expected = whole.ranked;
    expected.sort_by_key(|&(i, score)| (std::cmp::Reverse(score), !entries[i].has_word("ae"), i));
    let got: Vec<(usize, i64)> = palette.matches.iter().map(|m| (m.0, m.1)).collect();
    assert_eq!(got, expected);
    assert_eq!(palette.match_count(), expected.len());
    // A letter typed while ranking goes on narrows what is left too: nothing is lost.
    let mut typing = Palette::new(&catalog);
    for c in "aet".chars() {
        typing.type_key(KeyEvent::from(KeyCode::Char(c)));
    }
    typing.settle();
    let mut at_once = Palette::new(&catalog);
    at_once.query.paste("aet");
    at_once.rescore();
    at_once.settle();
    assert_eq!(typing.matches, at_once.matches);
}
