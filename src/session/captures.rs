//! Second captures: an interview captured again by a second interviewer (two consultants in the
//! same conversation, or a recording scored again) is the same account, not another. It is
//! compared with the first (see [`crate::agreement`]) and left out of everything that counts
//! accounts — the divergence, the diagnosis, the claims — so one conversation never weighs twice.

use std::borrow::Cow;

use super::Session;

impl Session {
    /// For each interview, the index of the interview it is a second capture of: None when it
    /// is not marked as one, or why its mark pairs with nothing. Found in one pass (the list
    /// and every reading of the session ask for all of them).
    pub fn first_captures(&self) -> Vec<Result<Option<usize>, String>> {
        let by_id: std::collections::HashMap<&str, usize> =
            self.interviews.iter().enumerate().map(|(k, i)| (i.id.as_str(), k)).collect();
        (0..self.interviews.len()).map(|k| self.first_capture_in(k, &by_id)).collect()
    }

    fn first_capture_in(
        &self,
        k: usize,
        by_id: &std::collections::HashMap<&str, usize>,
    ) -> Result<Option<usize>, String> {
        let second = &self.interviews[k];
        let Some(of) = second.second_capture_of.as_deref() else { return Ok(None) };
        match by_id.get(of).copied() {
            None => Err(format!("marked as a second capture of {of}, which this session does not hold")),
            Some(f) if f == k => Err("marked as a second capture of itself".to_string()),
            Some(f) if self.interviews[f].function != second.function => Err(format!(
                "a {} interview marked as a second capture of a {} one",
                second.function, self.interviews[f].function
            )),
            Some(f) => Ok(Some(f)),
        }
    }

    /// The session as its accounts: without the interviews that are second captures of another
    /// (a mark that pairs with nothing leaves its interview counted). Borrowed when there are none.
    pub fn accounts(&self) -> Cow<'_, Session> {
        // Most sessions have no mark: found without pairing anything.
        if self.interviews.iter().all(|i| i.second_capture_of.is_none()) {
            return Cow::Borrowed(self);
        }
        let seconds: Vec<bool> = self.first_captures().iter().map(|f| matches!(f, Ok(Some(_)))).collect();
        if !seconds.contains(&true) {
            return Cow::Borrowed(self);
        }
        let mut accounts = self.clone();
        let mut k = 0;
        accounts.interviews.retain(|_| {
            k += 1;
            !seconds[k - 1]
        });
        Cow::Owned(accounts)
    }
}
