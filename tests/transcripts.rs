//! What a device holds after a transcript, as VRP would apply it: deletions
//! (`undo bgp`, `undo interface`, `undo ipv4-family vpn-instance`),
//! commands VRP refuses for their order, trial commits, filtered displays.

mod common;

use common::{analyze, rules_of};

/// B, a saved configuration: listen-only towards A at 10.0.0.1.
const B: &str = "sysname B\n#\ninterface GigabitEthernet0/0/0\n ip address 10.0.0.2 255.255.255.252\n#\nbgp 200\n peer 10.0.0.1 as-number 100\n peer 10.0.0.1 listen-only\n#\nreturn\n";

/// A VRP5 transcript of A: its interface, then `body` in the BGP view.
fn a(body: &str) -> String {
    format!(
        "<A>system-view\n[A]interface GigabitEthernet0/0/0\n[A-GigabitEthernet0/0/0]ip address 10.0.0.1 255.255.255.252\n[A-GigabitEthernet0/0/0]quit\n[A]bgp 100\n{body}"
    )
}

#[test]
fn deleted_configuration_is_gone() {
    let listen =
        "[A-bgp]peer 10.0.0.2 as-number 200\n[A-bgp]peer 10.0.0.2 listen-only\n[A-bgp]quit\n";
    let both = analyze(&[("A.txt", &a(listen)), ("B.cfg", B)]);
    assert_eq!(rules_of(&both), ["both-listen-only"]);
    // Without A's BGP, B's peer is half-open, no longer both-listen-only.
    let gone = analyze(&[
        ("A.txt", &a(&format!("{listen}[A]undo bgp 100\n"))),
        ("B.cfg", B),
    ]);
    assert_eq!(rules_of(&gone), ["half-open-session"]);
    // A new process after the deletion starts empty.
    let again = a(&format!(
        "{listen}[A]undo bgp\n[A]bgp 100\n[A-bgp]peer 10.0.0.2 as-number 200\n"
    ));
    assert!(
        analyze(&[("A.txt", &again), ("B.cfg", B)])
            .findings
            .is_empty()
    );
    // Without the interface, B's peer points at no device, and A's peer
    // finds no peer of B aimed at it.
    let no_if = a(&format!("{listen}[A]undo interface GigabitEthernet0/0/0\n"));
    assert_eq!(
        rules_of(&analyze(&[("A.txt", &no_if), ("B.cfg", B)])),
        ["half-open-session", "unknown-remote"]
    );
}

#[test]
fn deleting_a_vpn_family_deletes_its_peers() {
    let pe = "<A>system-view\n[A]ip vpn-instance V\n[A-vpn-instance-V]quit\n[A]interface GigabitEthernet0/0/0\n[A-GigabitEthernet0/0/0]ip binding vpn-instance V\n[A-GigabitEthernet0/0/0]ip address 10.0.0.1 255.255.255.252\n[A-GigabitEthernet0/0/0]quit\n[A]bgp 100\n[A-bgp]ipv4-family vpn-instance V\n[A-bgp-V]peer 10.0.0.2 as-number 200\n[A-bgp-V]peer 10.0.0.2 listen-only\n[A-bgp-V]quit\n";
    assert_eq!(
        rules_of(&analyze(&[("A.txt", pe), ("B.cfg", B)])),
        ["both-listen-only"]
    );
    let gone = format!("{pe}[A-bgp]undo ipv4-family vpn-instance V\n");
    assert_eq!(
        rules_of(&analyze(&[("A.txt", &gone), ("B.cfg", B)])),
        ["half-open-session"]
    );
}

#[test]
fn typed_out_of_order_vrp_refuses() {
    for (body, refused) in [
        // A setting before the peer exists.
        (
            "[A-bgp]peer 10.0.0.2 listen-only\n[A-bgp]peer 10.0.0.2 as-number 200\n",
            "peer 10.0.0.2 does not exist yet",
        ),
        // A membership before the group exists.
        (
            "[A-bgp]peer 10.0.0.2 as-number 200\n[A-bgp]peer 10.0.0.2 group G\n[A-bgp]group G external\n[A-bgp]peer G listen-only\n",
            "group G does not exist yet",
        ),
    ] {
        let a = analyze(&[("A.txt", &a(body)), ("B.cfg", B)]);
        assert!(a.findings.is_empty(), "{body}: {:?}", a.findings);
        assert!(
            a.notices.iter().any(|n| n.message.contains(refused)),
            "{:?}",
            a.notices
        );
    }
}

#[test]
fn a_trial_commit_lasts_only_when_confirmed() {
    let vrp8 = |tail: &str| {
        format!(
            "<A>system-view\n[~A]interface GigabitEthernet0/0/0\n[*A-GigabitEthernet0/0/0]ip address 10.0.0.1 255.255.255.252\n[*A-GigabitEthernet0/0/0]quit\n[*A]bgp 100\n[*A-bgp]peer 10.0.0.2 as-number 200\n[*A-bgp]commit\n[~A-bgp]peer 10.0.0.2 listen-only\n[*A-bgp]commit trial 300\n{tail}"
        )
    };
    let confirmed = vrp8("[~A-bgp]commit\n");
    assert_eq!(
        rules_of(&analyze(&[("A.txt", &confirmed), ("B.cfg", B)])),
        ["both-listen-only"]
    );
    for tail in ["[~A-bgp]abort trial\n", "[~A-bgp]return\n"] {
        let a = analyze(&[("A.txt", &vrp8(tail)), ("B.cfg", B)]);
        assert!(a.findings.is_empty(), "{tail}: {:?}", a.findings);
        assert_eq!(a.notices.len(), 1, "{:?}", a.notices);
    }
}

#[test]
fn a_filtered_display_is_no_device() {
    let capture = "<A>display current-configuration configuration bgp\n#\nbgp 100\n peer 10.0.0.2 as-number 200\n#\nreturn\n<A>\n";
    let a = analyze(&[("A.log", capture), ("B.cfg", B)]);
    // B's peer points at an address no device in the input owns.
    assert_eq!(rules_of(&a), ["unknown-remote"]);
    assert_eq!(a.skipped.len(), 1);
    assert_eq!(a.skipped[0].why, peerlint::Skip::PartialCapture);
}

#[test]
fn a_doubtful_abbreviation_is_read_with_a_notice() {
    // `co` begins connect-only and connect-interface; only connect-only
    // can end the command.
    let body = "[A-bgp]peer 10.0.0.2 as-number 200\n[A-bgp]peer 10.0.0.2 co\n";
    let a = analyze(&[("A.txt", &a(body)), ("B.cfg", B)]);
    assert!(a.findings.is_empty(), "{:?}", a.findings);
    let row = peerlint::report::sessions::rows(&a);
    assert!(
        row.iter()
            .any(|r| r.device == "A" && r.local_mode == "connect-only")
    );
    assert!(
        a.notices.iter().any(|n| n
            .message
            .contains("is read as `peer 10.0.0.2 connect-only`")),
        "{:?}",
        a.notices
    );
}

#[test]
fn backups_named_after_their_host_are_read() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("b.example.net"), B).unwrap();
    std::fs::write(
        dir.path().join("10.0.0.1"),
        a("[A-bgp]peer 10.0.0.2 as-number 200\n[A-bgp]peer 10.0.0.2 listen-only\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("notes.tar.gz"),
        [0x1f, 0x8b, 8, 0, 0, 0, 0, 0],
    )
    .unwrap();
    let a = peerlint::analyze_paths(&[dir.path().to_path_buf()]);
    assert_eq!(rules_of(&a), ["both-listen-only"]);
    assert!(a.skipped.is_empty(), "{:?}", a.skipped);
}
