//! What a device holds after group commands VRP refuses or undoes:
//! `undo group G` with members, an external group given the local AS,
//! `listen-net` on a static group.

mod common;

use common::{analyze, rules_of};
use peerlint::report::sessions::rows;

const CE: &str = "sysname CE
#
interface GigabitEthernet0/0/0
 ip address 192.0.2.2 255.255.255.252
#
interface GigabitEthernet0/0/1
 ip address 192.0.2.6 255.255.255.252
#
bgp 200
 peer 192.0.2.1 as-number 100
 peer 192.0.2.5 as-number 100
#
return
";

fn pe(bgp: &str) -> String {
    format!(
        "sysname PE
#
interface GigabitEthernet0/0/0
 ip address 192.0.2.1 255.255.255.252
#
interface GigabitEthernet0/0/1
 ip address 192.0.2.5 255.255.255.252
#
bgp 100
{bgp}#
return
"
    )
}

#[test]
fn deleting_a_group_keeps_members_with_their_own_as_and_names_no_undefined_group() {
    // 192.0.2.2 has its own AS and stays; 192.0.2.6 took its AS from the
    // group and goes with it, so CE's peer towards it is half-open.
    let text = pe(" group CE external
 peer CE as-number 200
 peer CE listen-only
 peer 192.0.2.2 as-number 200
 peer 192.0.2.2 group CE
 peer 192.0.2.6 group CE
 undo group CE
");
    let a = analyze(&[("PE.cfg", &text), ("CE.cfg", CE)]);
    assert_eq!(rules_of(&a), ["half-open-session"], "{:?}", a.findings);
    let f = &a.findings[0];
    assert!(f.message.contains("peer 192.0.2.5 on CE"), "{}", f.message);
    let rows = rows(&a);
    let kept = rows
        .iter()
        .find(|r| r.device == "PE" && r.peer == "192.0.2.2")
        .unwrap();
    // No longer listen-only: that came from the deleted group.
    assert_eq!((kept.status, kept.local_mode), ("matched", "default"));
    assert!(a.notices.is_empty(), "{:?}", a.notices);
}

#[test]
fn a_group_created_again_does_not_take_back_its_old_members() {
    let text = pe(" group CE external
 peer 192.0.2.2 as-number 200
 peer 192.0.2.2 group CE
 undo group CE
 group CE external
 peer CE listen-only
 peer 192.0.2.6 as-number 200
");
    let ce = CE.replace(
        " peer 192.0.2.1 as-number 100\n",
        " peer 192.0.2.1 as-number 100\n peer 192.0.2.1 listen-only\n",
    );
    let a = analyze(&[("PE.cfg", &text), ("CE.cfg", &ce)]);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    // The old member, with its own AS, still faces the listen-only CE,
    // out of the group and so not listen-only itself.
    let rows = rows(&a);
    let old = rows
        .iter()
        .find(|r| r.device == "PE" && r.peer == "192.0.2.2")
        .expect("the old member stays");
    assert_eq!(
        (old.status, old.local_mode, old.can_establish),
        ("matched", "default", true)
    );
}

#[test]
fn an_external_group_given_the_local_as_never_makes_its_members() {
    let text = pe(" group CE external
 peer CE as-number 100
 peer 192.0.2.2 group CE
 peer 192.0.2.6 as-number 200
");
    let a = analyze(&[("PE.cfg", &text), ("CE.cfg", CE)]);
    assert_eq!(rules_of(&a), ["half-open-session"], "{:?}", a.findings);
    assert!(a.findings[0].message.contains("peer 192.0.2.1 on CE"));
    assert!(
        a.notices.iter().any(|n| n
            .message
            .contains("the AS of external group CE cannot be the local AS 100")),
        "{:?}",
        a.notices
    );
}

#[test]
fn listen_settings_on_a_static_group_are_refused() {
    let text = pe(" group G external
 peer G listen-net 192.0.2.0 24
 peer G listen-as 200
 peer 192.0.2.2 as-number 200
 peer 192.0.2.6 as-number 200
");
    let a = analyze(&[("PE.cfg", &text), ("CE.cfg", CE)]);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    assert_eq!(a.notices.len(), 2, "{:?}", a.notices);
}
