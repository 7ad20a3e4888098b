use super::{Finding, Rule, pair};
use crate::graph::{Blocker, Network};
use crate::model::Mode;

/// A session whose two ends both only dial out and refuse incoming
/// connections.
pub struct BothConnectOnly;

impl Rule for BothConnectOnly {
    fn id(&self) -> &'static str {
        "both-connect-only"
    }

    fn check(&self, net: &Network, out: &mut Vec<Finding>) {
        pair::same_mode(
            net,
            self.id(),
            Blocker::BothConnectOnly,
            Mode::ConnectOnly,
            "each refuses the connection the other opens",
            out,
        );
    }
}
