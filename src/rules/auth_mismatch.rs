use super::{Finding, Label, NetworkRule, pair};
use crate::graph::verdict::auth_of;
use crate::graph::{Blocker, Network, PeerId};
use crate::model::Auth;

/// TCP authentication the two ends of a session can never agree on: on
/// one end only, of two kinds, or two plaintext passwords that differ
/// (NE40E `peer password`: "If authentication fails, no TCP connection is
/// established"; `peer keychain`; TCP-AO in the configuration guide). Two
/// ciphertexts, or two keychains, are never said to differ: the files do
/// not tell. No secret is ever shown.
pub struct AuthMismatch;

/// An end's authentication, own or its group's, and its line.
fn auth(net: &Network, p: PeerId) -> Option<(&Auth, crate::source::Span)> {
    let (_, scope, peer) = net.peer(p);
    scope
        .effective(peer, |m| &m.auth)
        .filter(|(a, _)| auth_of(Some(a)).is_some())
}

/// What an end uses, in words: never the secret.
fn what(a: Option<&Auth>) -> String {
    match a {
        Some(Auth::Password { simple: Some(_) }) => "a plaintext MD5 password".to_string(),
        Some(Auth::Password { simple: None }) => "an MD5 password".to_string(),
        Some(Auth::Keychain(k)) => format!("keychain {k}"),
        Some(Auth::TcpAo(p)) => format!("TCP-AO policy {p}"),
        Some(Auth::Disabled) | None => "none".to_string(),
    }
}

impl NetworkRule for AuthMismatch {
    fn check(&self, id: &'static str, net: &Network, out: &mut Vec<Finding>) {
        for (p, q) in pair::blocked(net, Blocker::Auth) {
            // The end that authenticates first.
            let (p, q) = if auth(net, p).is_none() {
                (q, p)
            } else {
                (p, q)
            };
            let (pd, _, p_peer) = net.peer(p);
            let (qd, _, q_peer) = net.peer(q);
            let (pa, qa) = (auth(net, p), auth(net, q));
            let both_plain = matches!(
                (pa, qa),
                (
                    Some((Auth::Password { simple: Some(_) }, _)),
                    Some((Auth::Password { simple: Some(_) }, _))
                )
            );
            let message = if both_plain {
                format!(
                    "the session between {} and {} can never come up: their plaintext MD5 passwords differ, so TCP authentication fails and no connection is established",
                    pd.name, qd.name
                )
            } else {
                format!(
                    "the session between {} and {} can never come up: {} authenticates its TCP connection with {} and {} with {}, so no connection is established",
                    pd.name,
                    qd.name,
                    pd.name,
                    what(pa.map(|a| a.0)),
                    qd.name,
                    what(qa.map(|a| a.0))
                )
            };
            let label = |e: PeerId, found: Option<(&Auth, crate::source::Span)>, decl| match found {
                Some((a, span)) => {
                    Label::new(span, format!("{} uses {}", net.describe(e), what(Some(a))))
                }
                None => Label::new(
                    decl,
                    format!("{} uses no TCP authentication", net.describe(e)),
                ),
            };
            let native = pair::native_at(net, q)
                .filter(|_| matches!(pa.map(|a| a.0), Some(Auth::Password { .. })));
            let help = match (qa, native) {
                // A password for another vendor's end, in its words (Cisco
                // IOS `neighbor password`, IOS XR `password clear`, EOS
                // `neighbor password`, Junos `authentication-key`).
                (None, Some(at)) => {
                    let setting = match at.vendor {
                        crate::model::Vendor::Junos => "authentication-key \"<the same password>\"",
                        crate::model::Vendor::IosXr => "password clear <the same password>",
                        _ => "password <the same password>",
                    };
                    let (views, command) = crate::vendor::render::command(
                        &at,
                        crate::vendor::render::Subject::Peer,
                        setting,
                        false,
                    );
                    format!(
                        "configure the same password on {} ({}, `{command}`), or remove it from {}; the password is the one configured on the other end, which peerlint never shows",
                        qd.name,
                        crate::vendor::render::place(&views).replacen(", run", "", 1),
                        pd.name
                    )
                }
                (None, None) if pair::native_at(net, q).is_some() => format!(
                    "configure the same authentication on {} ({}), or remove it from {}",
                    qd.name,
                    what(pa.map(|a| a.0)),
                    pd.name
                ),
                (None, None) => {
                    format!(
                        "configure the same authentication on {} (in {}, `peer {} {}`), or remove it from {}",
                        qd.name,
                        pair::view_of(net, q),
                        net.peers[q].addr,
                        match pa.map(|a| a.0) {
                            Some(Auth::Keychain(k)) => format!("keychain {k}"),
                            Some(Auth::TcpAo(t)) => format!("tcp-ao policy {t}"),
                            _ => "password cipher <the same password>".to_string(),
                        },
                        pd.name
                    ) + match pa.map(|a| a.0) {
                        Some(Auth::Keychain(_) | Auth::TcpAo(_)) => "",
                        // A password is a secret: peerlint never shows it.
                        _ => {
                            "; the password is the one configured on the other end, which peerlint never shows"
                        }
                    }
                }
                (Some(_), _) if pair::native_at(net, p).is_some() || pair::native_at(net, q).is_some() => format!(
                    "make both ends use the same kind of authentication with the same key, on {} and on {}",
                    pd.name, qd.name
                ),
                (Some(_), _) => format!(
                    "make both ends use the same kind of authentication with the same key (on {}, in {}, or on {}, in {})",
                    pd.name,
                    pair::view_of(net, p),
                    qd.name,
                    pair::view_of(net, q)
                ),
            };
            out.push(
                Finding::new(
                    id,
                    message,
                    label(p, pa, p_peer.decl),
                    pair::session_key(net, p, q),
                )
                .related(label(q, qa, q_peer.decl))
                .help(help)
                .about_peer(net, p)
                .about_peer(net, q),
            );
        }
    }
}
