use super::{Finding, Rule, pair};
use crate::graph::{Blocker, Network};
use crate::model::Mode;

/// A session whose two ends both only wait for the other to connect.
pub struct BothListenOnly;

impl Rule for BothListenOnly {
    fn id(&self) -> &'static str {
        "both-listen-only"
    }

    fn check(&self, net: &Network, out: &mut Vec<Finding>) {
        pair::same_mode(
            net,
            self.id(),
            Blocker::BothListenOnly,
            Mode::ListenOnly,
            "each waits for the other to open the TCP connection and neither does",
            out,
        );
    }
}
