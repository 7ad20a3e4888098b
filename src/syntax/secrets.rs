//! Credentials stay in the input. Configurations hold passwords, keys and
//! SNMP communities; reports are read by more people than configurations
//! are. Every text a report shows is masked first: each secret character
//! becomes `*`, so lines keep their shape and every byte offset stays where
//! it was. (The model copies only names and numbers out of a file, never a
//! line, so the parse itself can run on the text as read.)

use std::sync::OnceLock;

use aho_corasick::AhoCorasick;

/// Words that, somewhere in a line, make the line worth a closer look.
const TRIGGERS: &[&str] = &[
    "cipher",
    "password",
    "community",
    "key",
    "pass-phrase",
    "authentication-mode",
    "%^%#",
    "%$%$",
    "%#%#",
    "%@%@",
    "%@%#",
    "$1",
    // Other vendors: IOS `enable secret 5 …`, `username … secret 9 …`,
    // Junos `encrypted-password "$6$…"` and `$9$` ciphertexts.
    "secret",
    "$9$",
    "$6$",
    "$5$",
];

fn triggers() -> &'static AhoCorasick {
    static AC: OnceLock<AhoCorasick> = OnceLock::new();
    AC.get_or_init(|| {
        AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(TRIGGERS)
            .expect("static patterns")
    })
}

/// Keywords that name how a secret is stored, between a keyword such as
/// `password` and the secret itself.
fn is_mode_word(w: &str) -> bool {
    matches!(
        w.to_ascii_lowercase().as_str(),
        "cipher"
            | "simple"
            | "plain"
            | "irreversible-cipher"
            | "read"
            | "write"
            | "sha"
            | "sha256"
            | "sha-256"
            | "md5"
            | "hmac-md5"
            | "hmac-sha256"
            | "hmac-sha-256"
            | "keychain"
            | "key-id"
            // IOS XR `password encrypted|clear`, EOS `secret sha512`.
            | "encrypted"
            | "clear"
            | "sha512"
    ) || w.chars().all(|c| c.is_ascii_digit())
}

/// A token that is a VRP ciphertext whatever stands before it: wrapped in
/// a `%x%y` mark (`%^%#…%^%#`, `%$%$…%$%$`, `%#%#…%#%#` for keychain keys,
/// `%@%#…%@%#`), or a `$1…$` hash.
fn is_ciphertext(w: &str) -> bool {
    let b = w.as_bytes();
    let wrapped = b.len() > 8
        && b[0] == b'%'
        && b[2] == b'%'
        && b[1].is_ascii_punctuation()
        && b[3].is_ascii_punctuation()
        && b.ends_with(&b[..4]);
    let unquoted = w.trim_matches(|c| c == '"' || c == ';');
    // `$1…$`, and the `$5$`, `$6$`, `$9$` of Cisco and Junos.
    let dollar =
        |p: &str| unquoted.starts_with(p) && unquoted.len() > 8 && unquoted[2..].contains('$');
    wrapped || dollar("$1") || dollar("$5$") || dollar("$6$") || dollar("$9$")
}

/// Byte ranges of the secrets in one line.
fn secret_tokens(line: &str) -> Vec<(usize, usize)> {
    let mut tokens: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\t' || c == '\0' {
            if let Some(s) = start.take() {
                tokens.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        tokens.push((s, line.len()));
    }
    let word = |i: usize| &line[tokens[i].0..tokens[i].1];
    // In `peer <target> …` and `group <name> …` the second word is a name,
    // never a keyword.
    let named = matches!(
        tokens.first().map(|_| word(0)),
        Some("peer" | "group" | "neighbor")
    );
    let mut secret = vec![false; tokens.len()];
    for i in 0..tokens.len() {
        let w = word(i);
        if is_ciphertext(w) {
            secret[i] = true;
            continue;
        }
        if named && i == 1 {
            continue;
        }
        let lower = w.to_ascii_lowercase();
        let leads = match lower.as_str() {
            "cipher" | "irreversible-cipher" => true,
            "password" | "community" | "shared-key" | "pre-shared-key" | "pass-phrase"
            | "authentication-key" | "key-string" | "secret" | "encrypted-password" => true,
            "simple" | "plain" => line.contains("password") || line.contains("authentication"),
            _ => false,
        };
        if !leads {
            continue;
        }
        // The secret is the first word after the mode words.
        let mut j = i + 1;
        while j < tokens.len()
            && is_mode_word(word(j))
            && !matches!(
                lower.as_str(),
                "cipher" | "irreversible-cipher" | "simple" | "plain"
            )
        {
            j += 1;
        }
        if j < tokens.len() {
            secret[j] = true;
        }
    }
    tokens
        .into_iter()
        .zip(secret)
        .filter_map(|(t, s)| s.then_some(t))
        .collect()
}

/// Masks every secret in a text; the result has the same length, line
/// breaks and non-secret bytes.
pub fn mask(text: String) -> String {
    let ac = triggers();
    if !ac.is_match(&text) {
        return text;
    }
    let bytes = text.as_bytes();
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    let mut last_line = usize::MAX;
    for m in ac.find_iter(&text) {
        let line_start = bytes[..m.start()]
            .iter()
            .rposition(|&b| b == b'\n' || b == b'\r')
            .map_or(0, |i| i + 1);
        if line_start == last_line {
            continue;
        }
        last_line = line_start;
        let line_end = bytes[m.start()..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(bytes.len(), |i| m.start() + i);
        let line = &text[line_start..line_end];
        ranges.extend(
            secret_tokens(line)
                .into_iter()
                .map(|(a, b)| (line_start + a, line_start + b)),
        );
    }
    if ranges.is_empty() {
        return text;
    }
    let mut out = text.into_bytes();
    for (a, b) in ranges {
        out[a..b].fill(b'*');
    }
    // Whole tokens (between blanks) were replaced by ASCII: still UTF-8.
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(s: &str) -> String {
        mask(s.to_string())
    }

    /// The line with `secret` replaced by as many stars.
    fn starred(line: &str, secret: &str) -> String {
        line.replace(secret, &"*".repeat(secret.len()))
    }

    #[test]
    fn masks_each_kind_of_secret() {
        for (line, secret) in [
            (
                " local-user admin password cipher %$%$d3+R.%}wxD6%$%$\r\n",
                "%$%$d3+R.%}wxD6%$%$",
            ),
            (
                " local-user a password irreversible-cipher $1c$K8kN;r,e$Qy$",
                "$1c$K8kN;r,e$Qy$",
            ),
            (" peer 10.0.0.2 password simple S3cret!", "S3cret!"),
            ("snmp-agent community read public123", "public123"),
            (
                "snmp-agent community write cipher %^%#abc%^%#",
                "%^%#abc%^%#",
            ),
            (
                " ospf authentication-mode md5 1 cipher %^%#x%^%#",
                "%^%#x%^%#",
            ),
            (" radius-server shared-key cipher hunter2", "hunter2"),
            (
                " ntp-service authentication-keyid 1 authentication-mode md5 plain abc",
                "abc",
            ),
            ("description see %^%#AbC%^%# here", "%^%#AbC%^%#"),
            (" ike peer x pre-shared-key simple TopSecret", "TopSecret"),
            (" neighbor 10.0.0.1 password 7 0822455D0A16", "0822455D0A16"),
            (" neighbor 10.0.0.1 password MySecret1", "MySecret1"),
            ("  password encrypted 0822455D0A16", "0822455D0A16"),
            (
                "enable secret 5 $1$mERr$hx5rVt7rPNoS4wqbXKX7m0",
                "$1$mERr$hx5rVt7rPNoS4wqbXKX7m0",
            ),
            (
                "username admin role network-admin secret sha512 $6$abcdefgh$xyz",
                "$6$abcdefgh$xyz",
            ),
            (
                "        authentication-key \"$9$Hk5FCA0IhruO\"; ## SECRET-DATA",
                "\"$9$Hk5FCA0IhruO\";",
            ),
            (
                "set system root-authentication encrypted-password \"$6$x$y.z\"",
                "\"$6$x$y.z\"",
            ),
        ] {
            assert_eq!(m(line), starred(line, secret), "{line}");
        }
    }

    #[test]
    fn leaves_bgp_alone() {
        for line in [
            " group cipher external",
            " peer password listen-only",
            " peer 10.0.0.2 as-number 100",
            " group simple internal",
            " peer 10.1.1.1 connect-interface LoopBack0",
        ] {
            assert_eq!(m(line), line);
        }
    }

    #[test]
    fn keeps_length_and_lines() {
        let text = "a\r\n local-user x password cipher 密码密码\r\nb".to_string();
        let masked = mask(text.clone());
        assert_eq!(masked.len(), text.len());
        assert_eq!(masked.lines().count(), text.lines().count());
        assert!(!masked.contains("密码"));
    }
}
