use super::{Finding, NetworkRule, pair};
use crate::graph::{Blocker, Network};
use crate::model::Mode;

/// A session whose two ends both only dial out and refuse incoming
/// connections.
pub struct BothConnectOnly;

impl NetworkRule for BothConnectOnly {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        pair::same_mode(
            net,
            id,
            Blocker::BothConnectOnly,
            Mode::ConnectOnly,
            "each refuses the connection the other opens",
            out,
        );
    }
}
