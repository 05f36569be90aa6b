//! Item by item: on a topic compared by a list of items (what existed for a launch, say), what
//! the communicator says was provided that a function did not get, and the reverse.

use super::Report;
use super::markdown::{and_list, text};

impl Report<'_> {
    pub(super) fn item_by_item(&mut self) {
        let mut lines = Vec::new();
        for t in &self.divergence.topics {
            for c in &t.cells {
                if c.items_not_received.is_empty() && c.items_not_communicated.is_empty() {
                    continue;
                }
                let communicator = self.name(&t.communicated_for(c).function);
                let receiver = self.name(&c.received.function);
                let mut parts = Vec::new();
                if !c.items_not_received.is_empty() {
                    parts.push(format!(
                        "{} says it provided {}, which {} did not get",
                        text(&communicator),
                        list(&c.items_not_received),
                        text(&receiver)
                    ));
                }
                if !c.items_not_communicated.is_empty() {
                    parts.push(format!(
                        "{} had {}, which {} did not list",
                        text(&receiver),
                        list(&c.items_not_communicated),
                        text(&communicator)
                    ));
                }
                lines.push(format!("- **{}**, {}: {}.", text(&t.title), text(&receiver), parts.join("; ")));
            }
        }
        if lines.is_empty() {
            return;
        }
        self.line("## Item by item");
        self.blank();
        for l in lines {
            self.line(l);
        }
        self.blank();
    }
}

fn list(items: &[String]) -> String {
    let items: Vec<String> = items.iter().map(|i| format!("*{}*", text(i))).collect();
    and_list(&items)
}
