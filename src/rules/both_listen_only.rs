use super::{Finding, NetworkRule, pair};
use crate::graph::{Blocker, Network};
use crate::model::Mode;

/// A session whose two ends both only wait for the other to connect.
pub struct BothListenOnly;

impl NetworkRule for BothListenOnly {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        pair::same_mode(
            net,
            id,
            Blocker::BothListenOnly,
            Mode::ListenOnly,
            "each waits for the other to open the TCP connection and neither does",
            out,
        );
    }
}
