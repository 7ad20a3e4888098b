//! A generated network of a few thousand peers: one route reflector, PEs
//! that all reuse the same CE subnets in their VPN instances, and CEs told
//! apart only by their AS numbers. Matching must pair every session
//! correctly and find exactly the planted defects; it goes through address
//! indexes, so this stays quick (no timing is asserted here; see bench/).

use std::fmt::Write;
use std::path::PathBuf;

const PES: usize = 300;
const VRFS: usize = 3;
/// Every this many CEs, both ends of the PE–CE session are listen-only.
const PLANT_EVERY: usize = 40;

fn network() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    let mut rr = String::from(
        "sysname RR\n#\ninterface LoopBack0\n ip address 10.255.255.255 255.255.255.255\n#\nbgp 64500\n group PE internal\n peer PE connect-interface LoopBack0\n",
    );
    for i in 0..PES {
        let lo = format!("10.254.{}.{}", i / 250, i % 250 + 1);
        writeln!(rr, " peer {lo} group PE").unwrap();
        let mut pe = format!("sysname PE{i}\n#\n");
        for k in 0..VRFS {
            writeln!(
                pe,
                "ip vpn-instance V{k}\n ipv4-family\n  route-distinguisher 64500:{k}\n#"
            )
            .unwrap();
            writeln!(
                pe,
                "interface GigabitEthernet0/2/0.{k}\n ip binding vpn-instance V{k}\n ip address 10.200.{k}.1 255.255.255.252\n#"
            )
            .unwrap();
        }
        writeln!(pe, "interface LoopBack0\n ip address {lo} 255.255.255.255\n#\nbgp 64500\n peer 10.255.255.255 as-number 64500\n peer 10.255.255.255 connect-interface LoopBack0").unwrap();
        for k in 0..VRFS {
            let n = i * VRFS + k;
            let ce_as = 100_000 + n;
            writeln!(
                pe,
                " #\n ipv4-family vpn-instance V{k}\n  peer 10.200.{k}.2 as-number {ce_as}"
            )
            .unwrap();
            let planted = n.is_multiple_of(PLANT_EVERY);
            if planted {
                writeln!(pe, "  peer 10.200.{k}.2 listen-only").unwrap();
            }
            let mut ce = format!(
                "[V200R003C00]\r\n#\r\n sysname CE{n}\r\n#\r\ninterface GigabitEthernet0/0/0\r\n ip address 10.200.{k}.2 255.255.255.252 \r\n#\r\nbgp {ce_as}\r\n peer 10.200.{k}.1 as-number 64500 \r\n"
            );
            if planted {
                write!(ce, " peer 10.200.{k}.1 listen-only\r\n").unwrap();
            }
            ce.push_str("#\r\nreturn\r\n");
            files.push((PathBuf::from(format!("CE{n}.cfg")), ce));
        }
        pe.push_str("#\nreturn\n");
        files.push((PathBuf::from(format!("PE{i}.cfg")), pe));
    }
    rr.push_str("#\nreturn\n");
    files.push((PathBuf::from("RR.cfg"), rr));
    files
}

#[test]
fn thousands_of_peers_pair_correctly() {
    let files = network();
    assert_eq!(files.len(), 1 + PES + PES * VRFS);
    let a = peerlint::analyze_texts(files);
    let net = &a.network;
    let ces = PES * VRFS;
    assert_eq!(net.peers.len(), PES + PES * (1 + VRFS) + ces);
    assert_eq!(
        net.sessions.len(),
        PES + ces,
        "every configured session pairs"
    );
    assert!(net.peers.iter().all(|p| p.status.name() == "matched"));
    let planted = ces.div_ceil(PLANT_EVERY);
    let rules: Vec<_> = a.findings.iter().map(|f| f.rule).collect();
    assert_eq!(rules.len(), planted, "{:?}", &rules[..rules.len().min(5)]);
    assert!(rules.iter().all(|r| *r == "both-listen-only"));
    // Each planted finding names the CE whose AS matches its PE peer.
    for f in &a.findings {
        let ce = a.sources.get(f.primary.span.file).display.clone();
        let n: usize = ce
            .trim_start_matches("CE")
            .trim_end_matches(".cfg")
            .parse()
            .unwrap();
        assert!(n.is_multiple_of(PLANT_EVERY), "{ce}");
        let pe = a.sources.get(f.related[0].span.file).display.clone();
        assert_eq!(pe, format!("PE{}.cfg", n / VRFS));
    }
}
