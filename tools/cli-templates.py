#!/usr/bin/env python3
"""Build src/syntax/cli-templates.tsv: per-view VRP command templates for
peerlint's reading of incomplete keywords in transcripts.

Sources (read-only), from the public repository WheaterW/INTA-project at
commit ae70b25aa16a566bc5d021c297789bef101875a6:
  a bare git clone of it                                ($PEERLINT_HW_MIRROR)
  its folder nassim-main/corpus/hw, unpacked            ($PEERLINT_HW_DOCS):
      git -C "$PEERLINT_HW_MIRROR" archive ae70b25aa16a566bc5d021c297789bef101875a6 \
          nassim-main/corpus/hw | tar -x -C DIR      # then PEERLINT_HW_DOCS=DIR/nassim-main/corpus/hw
  NE40E V800R012C10 JSON command reference   hw_NE40E_V800R012C10/cmd_corpus/**.json
  CE6800 V300R023C00 JSON command reference  hw_CE6800_V300R023C00/cmd_corpus_json/**.json
  CE6800 Markdown pages (clean **keyword** / *param* markup; preferred for CE syntax)

Outputs (in --out):
  cli-templates-slim.tsv   what peerlint embeds: copy it over src/syntax/cli-templates.tsv
                           below that file's comment header
  cli-templates.tsv        every template of every view
  interface-types.txt/.tsv interface type keywords and their provenance
  cli-templates-skipped.tsv  every CLI line that produced no template, with the reason
  cli-templates.md         method, view mapping, counts, tails, skipped lines, spot checks

python3, stdlib only; takes a few minutes. Re-runnable: outputs are
regenerated from scratch.
"""
import argparse
import collections
import glob
import gzip
import json
import os
import re
import subprocess
import sys

HW = os.environ.get('PEERLINT_HW_DOCS', '/work/hwdocs/nassim-main/corpus/hw')
NE_GLOB = HW + '/hw_NE40E_V800R012C10/cmd_corpus/**/*.json'
CE_JSON_ROOT = HW + '/hw_CE6800_V300R023C00/cmd_corpus_json'
CE_GLOB = CE_JSON_ROOT + '/**/*.json'
MIRROR = os.environ.get('PEERLINT_HW_MIRROR', '/work/.mirror/WheaterW+INTA-project/repo')
MIRROR_COMMIT = 'ae70b25aa16a566bc5d021c297789bef101875a6'
MD_PREFIX = 'nassim-main/corpus/hw/hw_CE6800_V300R023C00/cmd_corpus/'

MAX_TOKENS = 5          # cut templates after this many tokens
MAX_EXPANSION = 256     # max templates produced from one CLI line (beyond: see add_line)

VIEW_IDS = ['all', 'user', 'system', 'interface', 'vpn-instance', 'vpn-instance-af',
            'bgp', 'bgp-vpn', 'bgp-family', 'bgp-vrf-family', 'bgp-multi', 'bgp-multi-vrf']

# --------------------------------------------------------------------------------------
# View mapping
# --------------------------------------------------------------------------------------
EXACT_VIEWS = {
    'all views': 'all',
    'all views except the user view': 'all',
    'all views (excluding the aaa domain view)': 'all',
    'user view': 'user',
    'system view': 'system',
    'vpn instance view': 'vpn-instance',
    'vpn instance ipv4 address family view': 'vpn-instance-af',
    'vpn instance ipv6 address family view': 'vpn-instance-af',
    'bgp view': 'bgp',
    'bgp-vpn instance view': 'bgp-vpn',
    'bgp-vpn instance ipv4 address family view': 'bgp-vrf-family',
    'bgp-vpn instance ipv6 address family view': 'bgp-vrf-family',
    'bgp multi-instance view': 'bgp-multi',
    'bgp multi-instance vpn instance session view': 'bgp-multi-vrf',
    'bgp multi-instance vpn instance ipv4 address family view': 'bgp-multi-vrf',
    'bgp multi-instance vpn instance ipv6 address family view': 'bgp-multi-vrf',
    # public-instance BGP address families (entered from the BGP view)
    'bgp-ipv4 unicast address family view': 'bgp-family',
    'bgp-ipv6 unicast address family view': 'bgp-family',
    'bgp-vpnv4 address family view': 'bgp-family',
    'bgp-vpnv6 address family view': 'bgp-family',
    'bgp-evpn address family view': 'bgp-family',
    'bgp-labeled address family view': 'bgp-family',
    'bgp-flow address family view': 'bgp-family',
    'bgp-ipv6-flow address family view': 'bgp-family',
    'bgp-flow vpnv4 address family view': 'bgp-family',
    'bgp-flow vpnv6 address family view': 'bgp-family',
    'bgp-ipv4 multicast address family view': 'bgp-family',
    'bgp-mvpn address family view': 'bgp-family',
    'bgp-ipv6 mvpn address family view': 'bgp-family',
    'bgp-l2vpn-ad address family view': 'bgp-family',
    'bgp-ls address family view': 'bgp-family',
    'bgp-mdt address family view': 'bgp-family',
    'bgp-vpn-target address family view': 'bgp-family',
    'bgp-vt address family view': 'bgp-family',
    'bgp-vpnv4-multicast address family view': 'bgp-family',
    'bgp-rpd address family view': 'bgp-family',
    'bgp ipv4 sr-policy address family view': 'bgp-family',
    'bgp ipv6 sr-policy address family view': 'bgp-family',
}

# interface-type views: anything named "... interface view", "... sub-interface view",
# "... subinterface view", "...-L2 view", "EVC view of ... interface", plus a few
# explicit names, minus the views below, which are not interface views (they are entered
# from inside an interface or from another feature).
INTERFACE_EXTRA = {'virtual template view', 'all-interface view', 'interface view'}
INTERFACE_EXCLUDE_PREFIX = (
    'bas interface view',            # "bas" sub-view under an interface
    'interface group view',          # port-group ("interface range"/"port-group")
    'bgp flow specification interface group view',
    'lmp interface view',            # under "lmp"
    'interface-based acl',           # ACL views
    'interface-level management',    # security policy view
    'inof host access interface whitelist view',
    'sub-interface queue view',
    'static user interface list view',
)


def map_view(name):
    """Return a view id, or None when the ParentView is ignored."""
    l = ' '.join(name.strip().split()).lower()
    if l in EXACT_VIEWS:
        return EXACT_VIEWS[l]
    if l.startswith(INTERFACE_EXCLUDE_PREFIX):
        return None
    if 'user-interface' in l or 'user interface' in l:
        return None
    if l in INTERFACE_EXTRA:
        return 'interface'
    if re.search(r'(interface view|sub-interface view|subinterface view|-l2 view)$', l):
        return 'interface'
    if l.startswith('evc view of '):
        return 'interface'
    return None


def split_views(parent_view):
    out = []
    for v in parent_view or []:
        # CE6800 JSON joins all views of a page into one comma-separated string
        for p in v.split(','):
            p = p.strip()
            if p:
                out.append(p)
    return out

# --------------------------------------------------------------------------------------
# Tokenising syntax lines
# --------------------------------------------------------------------------------------
# token kinds: ('kw', word) ('param', name) ('{',) ('}',) ('[',) (']',) ('|',) ('*',) ('&', '1-8')
NE_TOKEN_RE = re.compile(r'&\s*<\s*\d+\s*-\s*\d+\s*>|<[^<>]*>|[{}\[\]|]|\*|[^\s{}\[\]|<>*]+|[<>]')


def tokenize_plain(line):
    """Tokenise an NE40E / CE6800 JSON syntax line (params as <name>)."""
    toks = []
    for m in NE_TOKEN_RE.finditer(line):
        t = m.group(0)
        if t.startswith('&'):
            toks.append(('&', re.sub(r'[^\d-]', '', t)))
        elif t.startswith('<') and t.endswith('>') and len(t) > 2:
            toks.append(('param', t[1:-1].strip()))
        elif t in '{}[]|*' and len(t) == 1:
            toks.append((t,))
        else:
            toks.append(('kw', t))
    return toks


MD_TOKEN_RE = re.compile(r'\*\*(.+?)\*\*|\\\*|\*([^*\s][^*]*?)\*|&<\d+-\d+>|[{}\[\]|]|[^\s{}\[\]|*]+')


def tokenize_md(line):
    """Tokenise a CE6800 Markdown syntax line: **keywords**, *params*, \\* repetition."""
    toks = []
    line = re.sub(r'\\([_\-#<>.!+()`~])', r'\1', line)     # Markdown escapes such as CTRL\_G
    for m in MD_TOKEN_RE.finditer(line):
        t = m.group(0)
        if m.group(1) is not None:
            for w in m.group(1).split():
                toks.append(('kw', w))
        elif t == '\\*':
            toks.append(('*',))
        elif m.group(2) is not None:
            for w in m.group(2).split():
                toks.append(('param', w))
        elif t.startswith('&<'):
            toks.append(('&', t[2:-1]))
        elif t in '{}[]|':
            toks.append((t,))
        else:
            toks.append(('kw', t))
    return toks


def md_line_to_plain(line):
    """Render a Markdown syntax line in the JSON notation (for comparison/reporting)."""
    out = []
    for t in tokenize_md(line):
        if t[0] == 'kw':
            out.append(t[1])
        elif t[0] == 'param':
            out.append('<%s>' % t[1])
        elif t[0] == '&':
            out.append('&<%s>' % t[1])
        else:
            out.append(t[0])
    return ' '.join(out)

# --------------------------------------------------------------------------------------
# Parsing into a small AST
# --------------------------------------------------------------------------------------
class ParseError(Exception):
    pass


class Node:
    __slots__ = ('kind', 'value', 'alts', 'rep')

    def __init__(self, kind, value=None, alts=None):
        self.kind = kind      # 'kw' | 'param' | 'if' | 'req' (braces) | 'opt' (brackets) | 'cut'
        self.value = value
        self.alts = alts      # list of sequences (list of Node)
        self.rep = False      # followed by * or &<a-b>


def parse(tokens):
    pos = [0]

    def peek():
        return tokens[pos[0]] if pos[0] < len(tokens) else None

    def parse_alts(closer):
        alts = [parse_seq()]
        while peek() is not None and peek()[0] == '|':
            pos[0] += 1
            alts.append(parse_seq())
        if closer is None:
            if peek() is not None:
                raise ParseError('unbalanced "%s"' % peek()[0])
            return alts
        if peek() is None or peek()[0] != closer:
            raise ParseError('missing "%s"' % closer)
        pos[0] += 1
        return alts

    def parse_seq():
        seq = []
        while True:
            t = peek()
            if t is None or t[0] in ('|', '}', ']'):
                return seq
            pos[0] += 1
            if t[0] == 'kw':
                seq.append(Node('kw', t[1]))
            elif t[0] == 'param':
                seq.append(Node('param', t[1]))
            elif t[0] == '{':
                seq.append(Node('req', alts=parse_alts('}')))
            elif t[0] == '[':
                seq.append(Node('opt', alts=parse_alts(']')))
            elif t[0] in ('*', '&'):
                if not seq:
                    raise ParseError('repetition mark with nothing before it')
                seq[-1].rep = True
            else:
                raise ParseError('unexpected token %r' % (t,))

    alts = parse_alts(None)
    if len(alts) == 1:
        return alts[0]
    # a bare top-level "a | b" (no braces) is treated as alternatives
    return [Node('req', alts=alts)]

# --------------------------------------------------------------------------------------
# Parameter typing
# --------------------------------------------------------------------------------------
def norm(s):
    return re.sub(r'[^a-z0-9]', '', s.lower())


IFTYPE_RE = re.compile(r'(interface|if|port|tunnel)type\d*(start|end)?$')
IFNUM_RE = re.compile(r'(interface|if|port|tunnel)(num|number|name|id)\d*(start|end)?$'
                      r'|^(interface|if)(num|number)')
IFNAME_RE = re.compile(r'(interface|if)name\d*(start|end)?$|^(oif|iif|biif)portname$')


def merge_interface_params(seq):
    """<interface-type> <interface-number> -> one <if> node (recursively)."""
    out = []
    i = 0
    while i < len(seq):
        n = seq[i]
        if n.alts:
            n.alts = [merge_interface_params(a) for a in n.alts]
        if (n.kind == 'param' and IFTYPE_RE.search(norm(n.value)) and i + 1 < len(seq)
                and seq[i + 1].kind == 'param' and IFNUM_RE.search(norm(seq[i + 1].value))):
            m = Node('if', n.value + ' ' + seq[i + 1].value)
            m.rep = seq[i + 1].rep
            out.append(m)
            i += 2
            continue
        out.append(n)
        i += 1
    return out


def paradef_map(paradef):
    """param name -> Info text.  Entries look like "slot <slot-id>", "<x>", "x", "kw x"."""
    exact, loose, bare = {}, {}, {}
    for e in paradef or []:
        p = (e.get('Parameters') or '').strip()
        info = e.get('Info') or ''
        names = re.findall(r'<([^<>]+)>', p)
        if names:
            cands = [n.strip() for n in names]
        else:
            cands = p.split()
            if len(cands) == 1:
                bare[cands[0]] = info
        if len(cands) == 1 and cands[0] not in exact:
            exact[cands[0]] = info
        for n in cands:
            loose.setdefault(n, info)
    return exact, loose, bare


VALUE_INFO_RE = re.compile(r'integer|string of|string case|dotted decimal|in the format|format of|'
                           r'ranges? from|hexadecimal', re.I)


def fix_bare_params(tokens, bare):
    """NE40E sometimes prints a parameter without <>: `undo bandwidth [ bandwidth ]`,
    `qos-local-id { qos-local-id | route-policy <name> }`, `mac-address static mac-address …`.
    A keyword is turned into a parameter when (a) the same word already occurred earlier in
    the line as a keyword and (b) ParaDef has a one-word entry of that name whose Info
    describes a value.  Returns (tokens, [changed words])."""
    seen = set()
    out, changed = [], []
    for i, t in enumerate(tokens):
        if t[0] == 'kw':
            w = t[1]
            body = bare.get(w, '').split('\n', 1)[1] if '\n' in bare.get(w, '') else ''
            nxt = tokens[i + 1] if i + 1 < len(tokens) else None
            if w in seen and body and VALUE_INFO_RE.search(body) and body.strip().split('\n')[-1].strip() != '-' \
                    and not re.match(r'^\d+$', w) and not (nxt and nxt[0] == 'param'):
                out.append(('param', w))
                changed.append(w)
                continue
            seen.add(w)
        out.append(t)
    return out, changed


INT_RANGE_RE = re.compile(
    r'(?:integer|value|number)[^.;\n]*?(?:ranging|ranges|range|in the range)\s*(?:from|of|is)?\s*'
    r'(-?\d+)\s*(?:to|-)\s*(-?\d+)', re.I)


def classify_param(name, info):
    n = norm(name)
    lname = name.lower()
    text = info or ''
    body = text.split('\n', 1)[1] if '\n' in text else ''
    low = text.lower()
    lbody = body.lower()
    if IFNAME_RE.search(n) or IFTYPE_RE.search(n):
        return '<if>'
    if '/' in name:                     # e.g. <ipv6-address/prefix-length>, <ip-address/mask>
        if 'ipv6' in n:
            return '<ipv6>'
        if re.search(r'ip|addr', n):
            return '<ipv4>'
    m = re.search(r'^\s*<(-?\d+)-(-?\d+)>\s*$', body)   # CE6800 Info "<1-4294967295>"
    if m and int(m.group(1)) <= int(m.group(2)):
        return '<int:%s-%s>' % (m.group(1), m.group(2))
    dotted = 'dotted decimal' in low or re.search(r'\d+\.\d+\.\d+\.\d+ to \d+\.\d+\.\d+\.\d+', low)
    ipv6 = bool(re.search(r'x:x:x', low)) or ('hexadecimal' in low and 'ipv6' in low)
    integer = 'integer' in lbody or bool(re.search(r'^the value ranges from \d+ to \d+', lbody, re.M))
    # AS numbers
    if re.search(r'\bx\.y\b', low) or re.search(r'(^|[-_])as([-_]?(number|num|value))?\d*$', lname) \
            or re.search(r'asnumber|asnum$|^asn$|peeras$|localas$|fakeas$', n):
        if not re.search(r'aa:nn|:nn\b|as number:', low):
            return '<as>'
    if 'mask' in n and 'len' not in n and (dotted or not integer):
        return '<mask>'
    if 'wildcard' in n and dotted:
        return '<mask>'
    if ipv6 and not dotted:
        return '<ipv6>'
    if re.search(r'\b\d+:\d+\b|number ?:|:nn\b|address ?:|h-h-h|hh:mm|xxdxxh', low):
        return '<name>'     # RD / RT / community / MAC / time formats
    if dotted:
        if integer and not re.search(r'(ip|addr|address|routerid|mask)', n):
            return '<name>'    # e.g. OSPF area id: integer or dotted
        return '<ipv4>'
    if not text.strip() or text.strip() == '-' or lbody.strip() in ('', '-'):
        # no usable Info: decide by the name only
        if 'ipv6' in n and ('addr' in n or 'prefix' in n):
            return '<ipv6>'
        if re.search(r'(^|[^a-z])ip(v4)?[-_]?(addr|address)', lname) or n in ('routerid',):
            return '<ipv4>'
        if re.search(r'^(description|desc|text|password|passwd|command)$', lname):
            return '<text>'
        return '<name>'
    if integer and not re.search(r'string', lbody):
        ranges = [(int(a), int(b)) for a, b in INT_RANGE_RE.findall(body)]
        ranges = [(a, b) for a, b in ranges if a <= b]
        if ranges:
            lo = min(a for a, _ in ranges)
            hi = max(b for _, b in ranges)
            return '<int:%d-%d>' % (lo, hi)
        return '<int>'
    spaces_ok = bool(re.search(r'spaces? (are )?supported|can contain spaces|spaces are allowed'
                               r'|including spaces|supports spaces', lbody)) \
        and not re.search(r'quotation|double quot|enclosed in', lbody)
    if spaces_ok or re.search(r'^(description|desc|text|[a-z-]*description[a-z-]*|command|command-line)$',
                              lname):
        return '<text>'
    if re.search(r'password|passwd|cipher-?text|plain-?text|^key$', lname) and 'string' in lbody:
        return '<text>'
    return '<name>'

# --------------------------------------------------------------------------------------
# Template generation
# --------------------------------------------------------------------------------------
def has_mandatory_seq(seq, start=0):
    for n in seq[start:]:
        if n.kind in ('kw', 'param', 'if'):
            return True
        if n.kind == 'req' and any(has_mandatory_seq(a) for a in n.alts):
            return True
    return False


def has_mandatory(frames):
    return any(has_mandatory_seq(seq, i) for seq, i in frames)


def has_any_seq(seq, start=0):
    """Can anything (mandatory or optional) still be typed after position `start`?"""
    for n in seq[start:]:
        if n.kind in ('kw', 'param', 'if'):
            return True
        if n.kind in ('req', 'opt') and any(has_any_seq(a) for a in n.alts):
            return True
    return False


def has_any(frames):
    return any(has_any_seq(seq, i) for seq, i in frames)


TAIL_CLOSED, TAIL_OPTIONAL, TAIL_MORE = '=', '+', '>'
TAIL_ORDER = {TAIL_CLOSED: 0, TAIL_OPTIONAL: 1, TAIL_MORE: 2}


def tail_of(frames, optional_follows=False):
    """Tail of a template whose remaining syntax is `frames`:
    '>' a mandatory token follows; '+' only optional parts (or repetitions, when
    `optional_follows`) can follow; '=' nothing can follow."""
    if has_mandatory(frames):
        return TAIL_MORE
    if optional_follows or has_any(frames):
        return TAIL_OPTIONAL
    return TAIL_CLOSED


class TooMany(Exception):
    pass


def expand(seq, typer):
    """Yield (tokens, tail) for one parsed line; tail is '=', '+' or '>' (see tail_of)."""
    out = []
    cut_node = Node('cut')

    def walk(frames, acc):
        # drop exhausted frames
        while frames and frames[0][1] >= len(frames[0][0]):
            frames = frames[1:]
        if not frames:
            out.append((acc, TAIL_CLOSED))
            return
        if len(out) > MAX_EXPANSION:
            raise TooMany()
        seq_, i = frames[0]
        node = seq_[i]
        nxt = ((seq_, i + 1),) + frames[1:]
        if node.kind == 'cut':          # end of one occurrence of a repeated { … } *
            out.append((acc, tail_of(nxt, optional_follows=True)))
            return
        if node.kind == 'opt':          # first optional part: the template stops here
            out.append((acc, tail_of(nxt, optional_follows=True)))
            return
        if len(acc) >= MAX_TOKENS:      # 5-token limit: judge the rest of the line
            out.append((acc, tail_of(frames)))
            return
        if node.kind in ('kw', 'param', 'if'):
            tok = typer(node)
            if node.rep:   # repeated element: first occurrence mandatory, more may follow
                out.append((acc + (tok,), tail_of(nxt, optional_follows=True)))
                return
            walk(nxt, acc + (tok,))
            return
        if node.kind == 'req':
            for alt in node.alts:
                if node.rep:
                    walk(((tuple(alt) + (cut_node,), 0),) + nxt, acc)
                else:
                    walk(((tuple(alt), 0),) + nxt, acc)
            return
        raise ValueError(node.kind)

    walk(((tuple(seq), 0),), ())
    return out

# --------------------------------------------------------------------------------------
# Loading sources
# --------------------------------------------------------------------------------------
def load_json(path):
    with open(path, encoding='utf-8') as f:
        return json.load(f)


def git_md_pages():
    """Return {relative path without .md: markdown text} for the CE6800 Markdown pages."""
    pages = {}
    try:
        ls = subprocess.run(['git', '-C', MIRROR, 'ls-tree', '-r', MIRROR_COMMIT, MD_PREFIX],
                            capture_output=True, text=True, check=True).stdout
    except Exception as e:  # mirror not available: caller falls back to JSON
        print('warning: cannot list mirror: %s' % e, file=sys.stderr)
        return pages, 0
    entries = []
    for line in ls.splitlines():
        meta, path = line.split('\t', 1)
        _, typ, sha = meta.split()
        if typ == 'blob' and path.endswith('.md') and '/References/' in path:
            entries.append((sha, path))
    missing = 0
    proc = subprocess.Popen(['git', '-C', MIRROR, 'cat-file', '--batch'],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    data_in = ''.join(sha + '\n' for sha, _ in entries).encode()
    out, _ = proc.communicate(data_in)
    pos = 0
    for sha, path in entries:
        nl = out.index(b'\n', pos)
        header = out[pos:nl].decode()
        pos = nl + 1
        if header.endswith('missing'):
            missing += 1
            continue
        size = int(header.split()[2])
        body = out[pos:pos + size].decode('utf-8', 'replace')
        pos += size + 1
        rel = path[len(MD_PREFIX):-3]          # References/.../x
        pages[rel] = body
    return pages, missing


def md_format_lines(md):
    m = re.search(r'\nFormat\n-+\n(.*?)\n(?:Parameters|Views)\n-+', md, re.S)
    if not m:
        return None
    return [l.strip() for l in m.group(1).split('\n') if '**' in l]


def md_paradef(md):
    """Parameters table of a Markdown page -> list of {'Parameters','Info'}."""
    m = re.search(r'\nParameters\n-+\n(.*?)\n(?:Views)\n', md, re.S)
    out = []
    if not m:
        return out
    for line in m.group(1).split('\n'):
        cells = [c.strip() for c in line.strip().strip('|').split('|')]
        if len(cells) >= 3 and cells[0] not in ('Parameter', '---'):
            params = ' '.join('<%s>' % p for p in re.findall(r'\*([^*]+)\*', cells[0]))
            out.append({'Parameters': params or cells[0], 'Info': cells[1] + '\n' + cells[-1]})
    return out

# --------------------------------------------------------------------------------------
# Glued keyword detection (CE6800 JSON)
# --------------------------------------------------------------------------------------
def build_vocab(lines_tokens):
    v = collections.Counter()
    for toks in lines_tokens:
        for t in toks:
            if t[0] == 'kw':
                v[t[1].lower()] += 1
    return v


def splits(word, vocab, memo=None):
    """All ways to write `word` as a concatenation of >= 1 vocabulary words."""
    if memo is None:
        memo = {}
    if word in memo:
        return memo[word]
    res = []
    if word in vocab:
        res.append([word])
    for i in range(1, len(word)):
        head = word[:i]
        if head in vocab:
            for rest in splits(word[i:], vocab, memo):
                res.append([head] + rest)
    memo[word] = res
    return res


def glue_vocab(words):
    """Words usable as parts of a glued token: >= 2 chars, no leading/trailing hyphen."""
    return {w for w in words if len(w) >= 2 and not w.startswith('-') and not w.endswith('-')}


def glued_keywords(tokens, vocab, parts_vocab, bigrams=None):
    """Keywords that are not in `vocab` but can be written as >= 2 words of `parts_vocab`.
    With `bigrams`, every adjacent pair of parts must also occur as consecutive keywords
    somewhere (strict mode, used for the NE40E report)."""
    bad = []
    for t in tokens:
        if t[0] != 'kw':
            continue
        w = t[1].lower()
        if w in vocab:
            continue
        parts = [s for s in splits(w, parts_vocab - {w}) if len(s) >= 2]
        if bigrams is not None:
            parts = [s for s in parts if all((a, b) in bigrams for a, b in zip(s, s[1:]))]
        if parts:
            bad.append((t[1], parts))
    return bad


def kw_bigrams(tokens):
    return {(a[1].lower(), b[1].lower()) for a, b in zip(tokens, tokens[1:])
            if a[0] == 'kw' and b[0] == 'kw'}

# --------------------------------------------------------------------------------------
# Main build
# --------------------------------------------------------------------------------------
class Build:
    def __init__(self):
        self.templates = collections.defaultdict(set)   # (view, tokens-string, tail) -> {platform}
        self.tails_per_line = collections.Counter()      # tail -> templates generated (before dedup)
        self.skipped = []        # (platform, file, line, reason)
        self.truncated = []      # (platform, file, line, n)
        self.view_names = collections.defaultdict(lambda: collections.Counter())  # name -> {plat: pages}
        self.stats = collections.Counter()
        self.ce_source = collections.Counter()
        self.ce_diff_examples = []
        self.glue_examples = []
        self.param_types = collections.Counter()
        self.param_examples = {}
        self.bad_json = []
        self.bare_fixed = []     # (platform, file, line, words)
        self.truncated_prefix = []
        self.iface_typed = collections.defaultdict(collections.Counter)   # lower -> spelling counts
        self.iface_prompt = collections.defaultdict(collections.Counter)
        self.iface_plat = collections.defaultdict(set)
        self.iface_page = collections.defaultdict(set)   # types from interface command pages

    # ---- one CLI line ------------------------------------------------------------
    def add_line(self, plat, fname, line, tokens, views, pmap, plain=True):
        exact, loose, bare = pmap
        if plain:
            tokens, changed = fix_bare_params(tokens, bare)
            if changed:
                self.bare_fixed.append((plat, fname, line, changed))

        def typer(node):
            if node.kind == 'kw':
                return node.value.lower()
            if node.kind == 'if':
                t = '<if>'
            else:
                info = exact.get(node.value)
                if info is None:
                    info = loose.get(node.value)
                if info is None:
                    low = {k.lower(): v for k, v in loose.items()}
                    info = low.get(node.value.lower(), '')
                t = classify_param(node.value, info)
            key = t.split(':')[0] + ('>' if ':' in t else '')
            self.param_types[key] += 1
            self.param_examples.setdefault((key, node.value), fname)
            return t

        try:
            seq = merge_interface_params(parse(tokens))
        except ParseError as e:
            self.skipped.append((plat, fname, line, 'syntax: %s' % e))
            return
        if not seq:
            self.skipped.append((plat, fname, line, 'empty syntax line'))
            return
        if seq[0].kind == 'opt':
            self.skipped.append((plat, fname, line, 'starts with an optional part: no mandatory leading token'))
            return
        try:
            res = expand(seq, typer)
        except TooMany:
            # keep the mandatory tokens before the first choice/optional part; tail from the rest
            head = []
            stop = len(seq)
            for i, n in enumerate(seq):
                if n.kind not in ('kw', 'param', 'if') or len(head) >= MAX_TOKENS:
                    stop = i
                    break
                head.append(typer(n))
                if n.rep:
                    stop = i + 1
                    break
            self.truncated.append((plat, fname, line, ' '.join(head)))
            if not head:
                self.skipped.append((plat, fname, line,
                                     'alternatives expand to more than %d templates' % MAX_EXPANSION))
                return
            tail = tail_of(((tuple(seq), stop),), optional_follows=seq[stop - 1].rep)
            for v in views:
                self.templates[(v, ' '.join(head), tail)].add(plat)
            self.stats['%s lines used' % plat] += 1
            return
        res = [(t, m) for t, m in res if t]
        if not res:
            self.skipped.append((plat, fname, line, 'no mandatory leading token'))
            return
        for toks, tail in res:
            s = ' '.join(toks)
            self.tails_per_line[tail] += 1
            for v in views:
                self.templates[(v, s, tail)].add(plat)
        self.stats['%s lines used' % plat] += 1

    # ---- examples -> interface types ---------------------------------------------
    def harvest_interface_types(self, plat, d, is_iface_page):
        for ex in d.get('Examples') or []:
            if not isinstance(ex, list):
                continue
            for i, line in enumerate(ex):
                m = re.match(r'^\s*\[[~*]?[^\]\-\s]+\]\s*interface\s+(\S+)(?:\s+(\S+))?', line)
                if not m:
                    continue
                a, b = m.group(1), m.group(2)
                typ = None
                if b and re.match(r'^\d[\d/.:]*$', b) and not re.match(r'^\d[\d/.:]*$', a):
                    typ = a
                else:
                    g = re.match(r'^(.*?[A-Za-z])(\d[\d/.:]*)$', a)
                    if g:
                        typ = g.group(1)
                if not typ or not re.match(r'^[0-9A-Za-z|-]+$', typ) or not re.search('[A-Za-z]', typ):
                    continue
                if typ.lower() == 'range':
                    continue
                self.iface_typed[typ.lower()][typ] += 1
                self.iface_plat[typ.lower()].add(plat)
                if is_iface_page:
                    self.iface_page[typ.lower()].add(plat)
                if i + 1 < len(ex):
                    n = re.match(r'^\s*\[[~*]?[A-Za-z0-9_]+-([^\]\s]+)\]', ex[i + 1])
                    if n:
                        g = re.match(r'^(.*?[A-Za-z])(\d[\d/.:]*)$', n.group(1))
                        if g and g.group(1).lower() == typ.lower():
                            self.iface_prompt[typ.lower()][g.group(1)] += 1

    # ---- NE40E -------------------------------------------------------------------
    def load_ne(self):
        files = sorted(glob.glob(NE_GLOB, recursive=True))
        for f in files:
            rel = os.path.relpath(f, HW)
            try:
                d = load_json(f)
            except Exception as e:
                self.bad_json.append(('ne', rel, str(e)[:80]))
                continue
            if not isinstance(d, dict) or 'CLIs' not in d:
                self.bad_json.append(('ne', rel, 'not a command page (no "CLIs")'))
                continue
            self.stats['ne pages'] += 1
            views = split_views(d.get('ParentView'))
            is_iface_page = any(v.lower() == 'system view' for v in views) and any(
                re.match(r'^interface \{', c or '') for c in d.get('CLIs') or [])
            self.harvest_interface_types('ne', d, is_iface_page)
            for v in views:
                self.view_names[v]['ne'] += 1
            ids = sorted({map_view(v) for v in views} - {None})
            if not ids:
                self.stats['ne pages in ignored views'] += 1
                continue
            pmap = paradef_map(d.get('ParaDef'))
            for line in d.get('CLIs') or []:
                if not line or not line.strip():
                    continue
                self.stats['ne lines'] += 1
                self.add_line('ne', rel, line, tokenize_plain(line), ids, pmap)

    # ---- CE6800 ------------------------------------------------------------------
    def load_ce(self, ne_vocab, ne_bigrams, ne_counts):
        md_pages, md_missing = git_md_pages()
        self.md_pages = md_pages
        self.stats['ce md pages read from mirror'] = len(md_pages)
        self.stats['ce md objects missing'] = md_missing
        files = sorted(glob.glob(CE_GLOB, recursive=True))
        pages = []
        for f in files:
            rel = os.path.relpath(f, HW)
            try:
                d = load_json(f)
            except Exception as e:
                self.bad_json.append(('ce', rel, str(e)[:80]))
                continue
            if not isinstance(d, dict) or 'CLIs' not in d:
                self.bad_json.append(('ce', rel, 'not a command page (no "CLIs")'))
                continue
            key = os.path.relpath(f, CE_JSON_ROOT)
            key = key[len('src/'):] if key.startswith('src/') else key
            key = key[:-5]
            pages.append((rel, d, md_pages.get(key)))
        # vocabulary for glue detection: NE40E keywords + CE Markdown keywords (both spaced)
        vocab_lines = []
        for _, _, md in pages:
            if md:
                for l in md_format_lines(md) or []:
                    vocab_lines.append(tokenize_md(l))
        md_vocab = set(build_vocab(vocab_lines))
        vocab = set(ne_vocab) | md_vocab
        parts_vocab = glue_vocab(vocab)
        self.glue_eval = collections.Counter()
        # NE40E report (strict mode; nothing is changed in NE40E lines)
        bigrams = set(ne_bigrams)
        for toks in vocab_lines:
            bigrams |= kw_bigrams(toks)
        self.ne_glue = {}
        self.ne_glue_loose = sorted(
            (w for w in ne_vocab - md_vocab if glued_keywords([('kw', w)], md_vocab, parts_vocab)),
            key=lambda w: (-ne_counts.get(w, 0), w))
        for w in sorted(ne_vocab - md_vocab):
            hit = glued_keywords([('kw', w)], md_vocab, parts_vocab, bigrams)
            if hit:
                self.ne_glue[w] = ' '.join(hit[0][1][0])
        for rel, d, md in pages:
            self.stats['ce pages'] += 1
            views = split_views(d.get('ParentView'))
            is_iface_page = any(v.lower() == 'system view' for v in views) and any(
                re.match(r'^interface \{', c or '') for c in d.get('CLIs') or [])
            self.harvest_interface_types('ce', d, is_iface_page)
            for v in views:
                self.view_names[v]['ce'] += 1
            ids = sorted({map_view(v) for v in views} - {None})
            json_lines = [l for l in d.get('CLIs') or [] if l and l.strip()]
            md_lines = md_format_lines(md) if md else None
            if not ids:
                self.stats['ce pages in ignored views'] += 1
                continue
            paradef = list(d.get('ParaDef') or [])
            if md:
                paradef += md_paradef(md)
            pmap = paradef_map(paradef)
            use_md = md_lines is not None and len(md_lines) == len(json_lines)
            if md_lines is not None and not use_md:
                self.ce_source['md/json line count differs -> JSON used'] += 1
            for idx, jl in enumerate(json_lines):
                self.stats['ce lines'] += 1
                jt = tokenize_plain(jl)
                flagged = bool(glued_keywords(jt, vocab, parts_vocab))
                if use_md:
                    ml = md_lines[idx]
                    mt = tokenize_md(ml)
                    plain = md_line_to_plain(ml)
                    same = ' '.join(plain.split()) == ' '.join(jl.split())
                    nospace = re.sub(r'\s', '', plain) == re.sub(r'\s', '', jl)
                    if same:
                        self.ce_source['md line identical to JSON'] += 1
                        self.glue_eval['identical, detector flags'] += flagged
                        self.glue_eval['identical, detector silent'] += not flagged
                    elif nospace:
                        self.ce_source['md line = JSON with glued keywords split (recovered)'] += 1
                        self.glue_eval['glued, detector flags'] += flagged
                        self.glue_eval['glued, detector silent'] += not flagged
                        if len(self.glue_examples) < 12:
                            self.glue_examples.append((jl, plain))
                    elif re.sub(r'\s', '', plain).replace('*', '') == re.sub(r'\s', '', jl):
                        self.ce_source['md line = JSON plus "*" repetition marks the JSON lost (md used)'] += 1
                    else:
                        self.ce_source['md line differs from JSON otherwise (md used)'] += 1
                        if len(self.ce_diff_examples) < 12:
                            self.ce_diff_examples.append((rel, jl, plain))
                    self.add_line('ce', rel, plain, mt, ids, pmap, plain=False)
                else:
                    glued = glued_keywords(jt, vocab, parts_vocab)
                    if glued:
                        self.ce_source['JSON only, glued keywords -> line skipped'] += 1
                        self.skipped.append(('ce', rel, jl, 'glued keywords in JSON, no Markdown to recover: %s'
                                             % ', '.join(g for g, _ in glued)))
                        continue
                    self.ce_source['JSON only, no glue detected'] += 1
                    self.add_line('ce', rel, jl, jt, ids, pmap)
        self.vocab = vocab

    # ---- interface types ---------------------------------------------------------
    def interface_types(self):
        rows = []
        for low, typed in self.iface_typed.items():
            prompt = self.iface_prompt.get(low, collections.Counter())
            total = sum(typed.values()) + sum(prompt.values())
            from_page = bool(self.iface_page.get(low))
            if not from_page and total < 2:
                continue            # single unconfirmed mention (typo-prone): dropped
            if any(low == o + o for o in self.iface_typed if o != low):
                continue            # "GigabitEthernetGigabitEthernet": doubled by a doc typo
            spelling = (prompt or typed).most_common(1)[0][0]
            rows.append({'type': spelling, 'platforms': ','.join(sorted(self.iface_plat[low], reverse=True)),
                         'source': 'interface command page example' if from_page else 'other examples',
                         'page_platforms': ','.join(sorted(self.iface_page.get(low, ()), reverse=True)),
                         'typed': dict(typed), 'prompt': dict(prompt)})
        dropped = []
        for low, typed in self.iface_typed.items():
            prompt = self.iface_prompt.get(low, collections.Counter())
            if (not self.iface_page.get(low) and sum(typed.values()) + sum(prompt.values()) < 2) \
                    or any(low == o + o for o in self.iface_typed if o != low):
                dropped.append((low, dict(typed)))
        rows.sort(key=lambda r: r['type'].lower())
        return rows, dropped

# --------------------------------------------------------------------------------------
# Interface types that no command-reference example spells, taken from cited pages
# --------------------------------------------------------------------------------------
NE_CFG_GLOB = HW + '/hw_NE40E_V800R012C10/config_corpus/**/*.md'
CE_CFG_PREFIX = 'nassim-main/corpus/hw/hw_CE6800_V300R023C00/config_corpus/'

# Interface kinds the references have (a ParentView of that interface kind, or configuration
# guide pages about it) whose keyword no command-reference example spells (see write_md).
# A candidate is added to interface-types.txt only when a page of the same platform names it as an
# interface in one of the forms of IFCITE_KINDS; the spelling is the one that page prints.
IFTYPE_CANDIDATES = [
    # platform, spelling, what shows the kind exists
    ('ne', '200GE', '200GE interfaces (configuration guide)'),
    ('ne', '400GE', 'ParentView "400GE interface view"'),
    ('ne', '50GE', 'ParentView "50GE interface view"'),
    ('ne', 'XGigabitEthernet', 'ParentView "XGE interface view"'),
    ('ne', 'FlexE', 'ParentView "FlexE interface view"'),
    ('ne', 'FlexE-100G', 'ParentView "FlexE-100G interface view"'),
    ('ne', 'FlexE-50|100G', 'ParentView "FlexE-50|100G interface view"'),
    ('ne', 'FlexE-100|200G', 'ParentView "FlexE-100|200G interface view"'),
    ('ne', 'NULL', 'ParentView "NULL interface view"'),
    ('ne', 'Pos-Trunk', 'ParentView "POS-Trunk interface view"'),
    ('ne', 'ServiceIf', 'ParentView "ServiceIf interface view"'),
    ('ne', 'Atm', 'ATM configuration examples (configuration guide)'),
    ('ne', 'Cpos', 'ParentView "CPOS interface view" (entered with controller cpos)'),
    ('ne', 'Wdm', 'ParentView "WDM interface view" (entered with controller wdm)'),
    ('ne', 'E1', 'ParentView "E1 interface view" (entered with controller e1)'),
    ('ne', 'CE1', 'ParentView "CE1 interface view"'),
    ('ne', 'T1', 'ParentView "T1 interface view"'),
    ('ne', 'VC4', 'ParentView "VC4 interface view"'),
    ('ne', 'Cellular', 'ParentView "Cellular channel interface view"'),
    ('ce', 'GE', 'ParentView "Layer 2 GE interface view"'),
    ('ce', '50GE', 'ParentView "50GE interface view"'),
    ('ce', '200GE', 'ParentView "200GE interface view"'),
    ('ce', '400GE', 'ParentView "400GE interface view"'),
    ('ce', '1200GE', 'ParentView "1200ge sub-interface view"'),
    ('ce', 'NULL', 'ParentView "NULL interface view"'),
]

# evidence forms, strongest first; X = the spelling (escaped).  'ci': the spelling is matched
# case-insensitively (typed commands), and the page must then also print X exactly (as an
# interface name `X<number>` or in a prompt) so that the spelling is the device's.
IFCITE_KINDS = [
    ('interface command named for the view',
     r'(?i)\brun(?:ning)? the (?:\*\*)?interface(?:\*\*)? (?:\*\*)?X(?:\*\*)?\s?\d+(?:/\d+)*(?:\*\*)?[^\n|]{0,40}command', True),
    ('typed interface command with the prompt it gives',
     r'(?i)\]\s*interface\s+X\s?\d+(?:/\d+)*(?:\.\d+)?', True),
    ('configuration file', r'(?m)^[ \t"]*interface[ \t]+X[ \t]?\d+(?:/\d+)*(?:[.:]\d+)?[ \t]*"?,?[ \t]*$', False),
    ('interface type argument of a display command',
     r'(?i)display\b[^\n"\]]*?\binterface\b[^\n"\]]*?\bX\s?\d+/\d+', True),
    ('interface name in command output', r'(?<![\w|/-])X\d+(?:/\d+)+(?:[.:]\d+)?(?![\w/])', False),
]


def load_cite_pages(md_pages):
    """(platform, label, text) for every page that can be cited: command reference JSON pages,
    CE6800 command Markdown, and both configuration guides.  Command reference pages first."""
    pages = []
    for f in sorted(glob.glob(NE_GLOB, recursive=True)):
        pages.append(('ne', 0, os.path.relpath(f, HW), open(f, encoding='utf-8').read()))
    for f in sorted(glob.glob(CE_GLOB, recursive=True)):
        pages.append(('ce', 0, os.path.relpath(f, HW), open(f, encoding='utf-8').read()))
    for rel, md in sorted(md_pages.items()):
        pages.append(('ce', 1, 'hw_CE6800_V300R023C00/cmd_corpus/%s.md (mirror)' % rel, md))
    for f in sorted(glob.glob(NE_CFG_GLOB, recursive=True)):
        pages.append(('ne', 2, os.path.relpath(f, HW), open(f, encoding='utf-8').read()))
    try:
        ls = subprocess.run(['git', '-C', MIRROR, 'ls-tree', '-r', MIRROR_COMMIT, CE_CFG_PREFIX],
                            capture_output=True, text=True, check=True).stdout
        ents = []
        for line in ls.splitlines():
            meta, path = line.split('\t', 1)
            _, typ, sha = meta.split()
            if typ == 'blob' and path.endswith('.md'):
                ents.append((sha, path))
        out = subprocess.run(['git', '-C', MIRROR, 'cat-file', '--batch'], capture_output=True,
                             input=''.join(sha + '\n' for sha, _ in ents).encode()).stdout
        pos = 0
        for sha, path in ents:
            nl = out.index(b'\n', pos)
            header = out[pos:nl].decode()
            pos = nl + 1
            if header.endswith('missing'):
                continue
            size = int(header.split()[2])
            body = out[pos:pos + size].decode('utf-8', 'replace')
            pos += size + 1
            pages.append(('ce', 2, 'hw_CE6800_V300R023C00/config_corpus/%s (mirror)' % path[len(CE_CFG_PREFIX):], body))
    except Exception as e:
        print('warning: cannot read the CE6800 configuration guide from the mirror: %s' % e, file=sys.stderr)
    pages.sort(key=lambda p: (p[1], p[2]))
    return pages


def quote_line(text, start, end):
    a = text.rfind('\n', 0, start) + 1
    b = text.find('\n', end)
    line = text[a:b if b >= 0 else len(text)]
    quote = ' '.join(line.split()).strip(' ",')
    if len(quote) > 220:
        lead = len(' '.join(line[:start - a].split()))
        c = max(0, lead - 60)
        quote = ('…' if c else '') + quote[c:c + 210] + ('…' if c + 210 < len(quote) else '')
    return quote


def in_output(text, pos, label):
    """Is `pos` inside an example/output block: a ``` fence of a Markdown page, or the
    "Examples" of a JSON page?"""
    if label.endswith('.json'):
        i = text.find('"Examples"')
        return 0 <= i < pos
    return text.count('```', 0, pos) % 2 == 1


def cite_interface_types(pages):
    """candidate -> (kind, page, quote, number of pages with that evidence) or None."""
    res = {}
    for plat, spelling, why in IFTYPE_CANDIDATES:
        x = re.escape(spelling)
        exact_name = re.compile(r'(?<![\w|/])(?:-)?' + x + r'\d')
        found = None
        for kind, pat, ci in IFCITE_KINDS:
            rx = re.compile(pat.replace('X', x))
            hits = []
            for p, _, label, text in pages:
                if p != plat:
                    continue
                if kind == 'interface name in command output':
                    m = next((m for m in rx.finditer(text) if in_output(text, m.start(), label)), None)
                else:
                    m = rx.search(text)
                if not m or (ci and not exact_name.search(text)):
                    continue
                hits.append((label, text, m))
            if hits:
                label, text, m = hits[0]
                quote = quote_line(text, m.start(), m.end())
                la = text.rfind('\n', 0, m.start()) + 1
                lb = text.find('\n', m.end())
                if ci and not exact_name.search(text[la:lb if lb >= 0 else len(text)]):
                    # show where the page prints the exact spelling, too
                    e = exact_name.search(text, m.end()) or exact_name.search(text)
                    quote += '  …  ' + quote_line(text, e.start(), e.end())
                found = (kind, label, quote, len(hits))
                break
        res[(plat, spelling)] = (why, found)
    return res


# --------------------------------------------------------------------------------------
# Spot checks: prefix matcher over the table
# --------------------------------------------------------------------------------------
IPV4_RE = re.compile(r'^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$')
IFNUM_WORD_RE = re.compile(r'^\d+(/\d+)*(\.\d+)?(:\d+)?$')


class Matcher:
    """Prefix matcher over the generated table (what peerlint would do with it).

    A template matches a typed line when every typed word matches its position (a keyword
    the word is a case-insensitive prefix of, or a placeholder of the right type) and, with
    n typed positions and len template tokens, n == len for '=', n >= len for '+',
    n > len for '>'.  Positions: one word each, except `<if>` (one word `g0/0/1` or two
    words `LoopBack 0`) and `<text>` (the rest of the line).  Words beyond a '+'/'>' template
    are not checked and not expanded."""

    def __init__(self, rows, iface_rows):
        self.by_view = collections.defaultdict(list)
        for view, plats, toks, tail in rows:
            self.by_view[view].append((tuple(toks.split(' ')), tail, set(plats.split(',')), toks))
        self.iface_rows = iface_rows

    def if_types_for(self, prefix, plat):
        p = prefix.lower()
        return sorted({r['type'] for r in self.iface_rows
                       if r['type'].lower().startswith(p) and (plat is None or plat in r['platforms'].split(','))},
                      key=str.lower)

    @staticmethod
    def fits(ph, word):
        """Does a typed word fit a placeholder?  '<if>' and '<text>' are handled by run()."""
        base = ph[1:-1].split(':')[0]
        if base in ('ipv4', 'mask'):
            m = re.match(r'^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(/\d{1,2})?$', word)
            return bool(m) and all(int(x) <= 255 for x in m.groups()[:4]) and (base == 'ipv4' or not m.group(5))
        if base == 'ipv6':
            return ':' in word and bool(re.match(r'^[0-9a-fA-F:.]+(/\d{1,3})?$', word))
        if base == 'int':
            if not re.match(r'^-?\d+$', word):
                return False
            if ':' in ph:
                lo, hi = re.match(r'<int:(-?\d+)-(-?\d+)>', ph).groups()
                return int(lo) <= int(word) <= int(hi)
            return True
        if base == 'as':
            return bool(re.match(r'^\d+(\.\d+)?$', word))
        if base in ('name', 'text'):
            return True
        return False

    def if_split(self, word):
        """'g0/0/1' -> ('g', '0/0/1'); '100GE1/0/1' -> ('100GE', '1/0/1'); else None."""
        m = re.match(r'^(\d*[A-Za-z][A-Za-z|-]*?)(\d+(?:/\d+)*(?:\.\d+)?(?::\d+)?)$', word)
        return (m.group(1), m.group(2)) if m else None

    def run(self, view, typed, plat=None, exact_first=False):
        """Simulate typing `typed` in `view` (+ `all`).  plat: 'ne'/'ce'/None (both).
        exact_first: a word equal to a keyword at its position excludes the longer keywords
        it is also a prefix of (comparison only; not part of the rule)."""
        words = typed.split()
        cands = []
        for v in (view, 'all'):
            for t in self.by_view.get(v, []):
                if plat is not None and plat not in t[2]:
                    continue
                cands.append(('%s: %s %s' % (v, t[3], t[1]), t))
        # state: (cand, token index, waiting for an interface number, inside <text>, expansion, extra words)
        # expansion items: (text, kind) with kind 'kw' (expanded keyword), 'arg' (placeholder word),
        # 'extra' (word beyond a '+'/'>' template: not checked, not expanded)
        states = [(i, 0, False, False, (), 0) for i in range(len(cands))]
        steps = []
        for w in words:
            step = {'word': w, 'keywords': set(), 'params': set(), 'if_types': None}
            new_states = []
            for ci, ti, pend, swallow, exp, extra in states:
                toks, tail = cands[ci][1][0], cands[ci][1][1]
                if swallow:
                    new_states.append((ci, ti, False, True, exp + ((w, 'arg'),), extra))
                    continue
                if pend:
                    if IFNUM_WORD_RE.match(w):
                        new_states.append((ci, ti + 1, False, False, exp + ((w, 'arg'),), extra))
                    continue
                if ti >= len(toks):
                    if tail != TAIL_CLOSED:
                        new_states.append((ci, ti, False, False, exp + ((w, 'extra'),), extra + 1))
                    continue
                tok = toks[ti]
                if not tok.startswith('<'):
                    if tok.startswith(w.lower()):
                        step['keywords'].add(tok)
                        new_states.append((ci, ti + 1, False, False, exp + ((tok, 'kw'),), extra))
                    continue
                if tok == '<if>':
                    sp = self.if_split(w)
                    if sp and self.if_types_for(sp[0], plat):
                        new_states.append((ci, ti + 1, False, False, exp + ((w, 'arg'),), extra))
                        step['params'].add('<if>')
                        step['if_types'] = (sp[0], self.if_types_for(sp[0], plat))
                    elif re.match(r'^\d*[A-Za-z][A-Za-z0-9|-]*$', w) and self.if_types_for(w, plat):
                        new_states.append((ci, ti, True, False, exp + ((w, 'arg'),), extra))  # number must follow
                        step['params'].add('<if>')
                        step['if_types'] = (w, self.if_types_for(w, plat))
                    continue
                if tok == '<text>':
                    step['params'].add(tok)
                    new_states.append((ci, ti + 1, False, True, exp + ((w, 'arg'),), extra))
                    continue
                if self.fits(tok, w):
                    new_states.append((ci, ti + 1, False, False, exp + ((w, 'arg'),), extra))
                    step['params'].add(tok)
            if exact_first and w.lower() in step['keywords']:
                new_states = [st for st in new_states
                              if not (st[4] and st[4][-1][1] == 'kw' and st[4][-1][0] != w.lower())]
            step['keywords'] = sorted(step['keywords'])
            steps.append(step)
            states = new_states
        matched = collections.defaultdict(set)      # label -> {expansion}
        incomplete = set()
        for ci, ti, pend, swallow, exp, extra in states:
            toks, tail = cands[ci][1][0], cands[ci][1][1]
            ok = not pend and ti == len(toks) and (
                (tail == TAIL_CLOSED and extra == 0) or tail == TAIL_OPTIONAL or (tail == TAIL_MORE and extra > 0))
            if ok:
                matched[cands[ci][0]].add(exp)
            else:
                incomplete.add(cands[ci][0])
        return {'typed': typed, 'view': view, 'plat': plat, 'steps': steps,
                'matched': {k: sorted(v) for k, v in matched.items()},
                'incomplete': sorted(incomplete - set(matched))}


SPOT_CHECKS = [
    ('user', 'sys'), ('system', 'sys'),
    ('system', 'int g0/0/1'), ('system', 'int LoopBack 0'), ('system', 'ip vpn-inst A'),
    ('system', 'bgp 100'), ('system', 'q'), ('system', 'un int g0/0/1'),
    ('interface', 'ip add 10.0.0.1 30'), ('interface', 'ip add 10.0.0.1 255.255.255.252'),
    ('interface', 'ip bind vpn-inst A'), ('interface', 'ipv6 add 2001:db8::1/64'),
    ('interface', 'sh'), ('interface', 'un sh'), ('interface', 'q'),
    ('bgp', 'pe 10.0.0.2 as-n 100'), ('bgp', 'pe 10.0.0.2 listen-o'), ('bgp', 'un pe 10.0.0.2 listen-o'),
    ('bgp', 'pe 10.0.0.2 conn LoopBack0'), ('bgp', 'pe 10.0.0.2 g CE'), ('bgp', 'gr CE ex'),
    ('bgp', 'pe CE as 100'), ('bgp', 'router-id 1.1.1.1'), ('bgp', 'q'),
    ('bgp', 'ipv4-f vpn-instance A'), ('bgp', 'vpn-i A'),
    ('bgp-vrf-family', 'pe 10.0.0.2 as-n 100'), ('bgp-vrf-family', 'as-n 200'),
]


def exp_text(exp):
    return ' '.join(t for t, _ in exp)


def exp_compatible(e1, e2):
    """Equal, except where one side left a word unexpanded (beyond a '+'/'>' template) and the
    other side expanded it to a keyword it is a prefix of."""
    for (a, ka), (b, kb) in zip(e1, e2):
        if a == b:
            continue
        if ka == 'extra' and kb == 'kw' and b.startswith(a.lower()):
            continue
        if kb == 'extra' and ka == 'kw' and a.startswith(b.lower()):
            continue
        return False
    return True


def verdict(r):
    """('UNIQUE'|'AMBIGUOUS'|'INCOMPLETE'|'NO MATCH', explanation, soft) from a run() result.
    soft: ambiguous only because a '+'/'>' template shorter than the line leaves words unexpanded
    that another matching template expands (the expansions agree wherever both expand)."""
    exps = {}
    for label, es in r['matched'].items():
        for e in es:
            exps.setdefault(tuple(t for t, _ in e), e)
    if not exps:
        if r['incomplete']:
            return 'INCOMPLETE', 'only templates needing more words match', False
        return 'NO MATCH', 'no template matches', False
    if len(exps) == 1:
        return 'UNIQUE', '`%s`' % ' '.join(next(iter(exps))), False
    es = list(exps.values())
    soft = all(exp_compatible(x, y) for i, x in enumerate(es) for y in es[i + 1:])
    return 'AMBIGUOUS', '%d keyword sequences: %s' % (
        len(exps), ', '.join('`%s`' % ' '.join(k) for k in sorted(exps))), soft


def analyse(matcher, view, typed, plat):
    r = matcher.run(view, typed, plat)
    v = verdict(r)
    rx = matcher.run(view, typed, plat, exact_first=True)
    vx = verdict(rx)
    return {'r': r, 'v': v, 'vx': vx}


SHORT = {'UNIQUE': 'U', 'AMBIGUOUS': 'A', 'INCOMPLETE': 'I', 'NO MATCH': 'N'}


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------
SLIM_VIEWS = ['all', 'user', 'system', 'interface', 'vpn-instance', 'vpn-instance-af', 'bgp', 'bgp-vpn',
              'bgp-family', 'bgp-vrf-family', 'bgp-multi', 'bgp-multi-vrf']
SLIM_MAX_TOKENS = 5


def add_cited_interface_types(iface_rows, cites):
    """Merge the cited candidates into the example-derived rows (case-insensitive type)."""
    by_low = {r['type'].lower(): r for r in iface_rows}
    for (plat, spelling), (why, found) in cites.items():
        if not found:
            continue
        kind, page, quote, npages = found
        r = by_low.get(spelling.lower())
        if r is None:
            r = {'type': spelling, 'platforms': '', 'source': 'cited', 'page_platforms': '',
                 'typed': {}, 'prompt': {}, 'cites': []}
            iface_rows.append(r)
            by_low[spelling.lower()] = r
        r.setdefault('cites', []).append((plat, kind, page, quote, npages, why))
        plats = set(r['platforms'].split(',')) - {''}
        plats.add(plat)
        r['platforms'] = ','.join(x for x in ('ne', 'ce') if x in plats)
    iface_rows.sort(key=lambda r: r['type'].lower())
    return iface_rows


def write_outputs(b, outdir):
    rows = []
    for (view, toks, tail), plats in b.templates.items():
        p = ','.join(x for x in ('ne', 'ce') if x in plats)
        rows.append((view, p, toks, tail))
    order = {v: i for i, v in enumerate(VIEW_IDS)}
    rows.sort(key=lambda r: (order[r[0]], r[2], TAIL_ORDER[r[3]]))
    with open(os.path.join(outdir, 'cli-templates.tsv'), 'w', encoding='utf-8') as f:
        for r in rows:
            f.write('\t'.join(r) + '\n')
    slim = [r for r in rows if r[0] in SLIM_VIEWS and len(r[2].split(' ')) <= SLIM_MAX_TOKENS]
    slim_data = ''.join('\t'.join(r) + '\n' for r in slim).encode('utf-8')
    with open(os.path.join(outdir, 'cli-templates-slim.tsv'), 'wb') as f:
        f.write(slim_data)
    b.slim = {'rows': len(slim), 'bytes': len(slim_data),
              'gzip9': len(gzip.compress(slim_data, compresslevel=9, mtime=0)),
              'gzip6': len(gzip.compress(slim_data, compresslevel=6, mtime=0)),
              'same_as_full': slim == rows}

    iface_rows, iface_dropped = b.interface_types()
    b.iface_cites = cite_interface_types(load_cite_pages(getattr(b, 'md_pages', {})))
    iface_rows = add_cited_interface_types(iface_rows, b.iface_cites)
    with open(os.path.join(outdir, 'interface-types.txt'), 'w', encoding='utf-8') as f:
        for r in iface_rows:
            f.write(r['type'] + '\n')
    with open(os.path.join(outdir, 'interface-types.tsv'), 'w', encoding='utf-8') as f:
        f.write('type\tplatforms\tsource\tspellings_typed\tspellings_in_prompt\n')
        for r in iface_rows:
            src = []
            if r['typed'] or r['prompt']:
                src.append(r['source'] + ((' (%s)' % r['page_platforms']) if r['page_platforms'] else ''))
            for plat, kind, page, quote, npages, why in r.get('cites', []):
                src.append('cited (%s, %s): %s' % (plat, kind, page))
            f.write('%s\t%s\t%s\t%s\t%s\n' % (
                r['type'], r['platforms'], '; '.join(src),
                ' '.join('%s:%d' % kv for kv in sorted(r['typed'].items())),
                ' '.join('%s:%d' % kv for kv in sorted(r['prompt'].items()))))
    with open(os.path.join(outdir, 'cli-templates-skipped.tsv'), 'w', encoding='utf-8') as f:
        f.write('platform\tfile\tline\treason\n')
        for p, fn, line, reason in b.skipped:
            f.write('%s\t%s\t%s\t%s\n' % (p, fn, line, reason))

    matcher = Matcher(rows, iface_rows)
    checks = []
    for v, t in SPOT_CHECKS:
        checks.append({'view': v, 'typed': t,
                       'res': {pl: analyse(matcher, v, t, pl) for pl in ('ne', 'ce', None)}})
    write_md(b, rows, iface_rows, iface_dropped, checks, outdir)
    return rows, checks


def write_md(b, rows, iface_rows, iface_dropped, checks, outdir):
    L = []
    a = L.append
    per_view = collections.Counter(r[0] for r in rows)
    per_view_plat = collections.Counter((r[0], r[1]) for r in rows)
    undo = collections.Counter(r[0] for r in rows if r[2].startswith('undo '))
    tails = collections.Counter((r[0], r[3]) for r in rows)
    tails_total = collections.Counter(r[3] for r in rows)
    tails_by_plat = collections.Counter((r[1], r[3]) for r in rows)
    tok_tails = collections.defaultdict(set)
    for r in rows:
        tok_tails[(r[0], r[2])].add(r[3])
    multi = {k: v for k, v in tok_tails.items() if len(v) > 1}
    multi_kinds = collections.Counter(''.join(sorted(v, key=TAIL_ORDER.get)) for v in multi.values())

    a('# CLI templates per view (NE40E V800R012C10 + CE6800 V300R023C00)')
    a('')
    a('Generated by `gen_cli_templates.py` (python3, stdlib only); every number and list below')
    a('is regenerated by the script, nothing in `cli-templates.tsv` is hand-added.')
    a('')
    a('## Files')
    a('')
    a('| file | content |')
    a('| --- | --- |')
    a('| `cli-templates.tsv` | `view<TAB>platforms<TAB>tokens<TAB>tail`, %d lines (tail: see below) |' % len(rows))
    a('| `cli-templates-slim.tsv` | the same table restricted to the views `%s` and to templates of at most %d'
      ' tokens: %d lines, %d bytes, %d bytes gzip -9 (%d bytes gzip -6)%s |' % (
          ' '.join(SLIM_VIEWS), SLIM_MAX_TOKENS, b.slim['rows'], b.slim['bytes'], b.slim['gzip9'], b.slim['gzip6'],
          '; today identical to `cli-templates.tsv` (every view is kept and no template is longer than %d tokens)'
          % MAX_TOKENS if b.slim['same_as_full'] else ''))
    a('| `interface-types.txt` | %d interface type keywords, one per line (%d from examples, %d from cited pages) |' % (
        len(iface_rows), sum(1 for r in iface_rows if r['typed'] or r['prompt']),
        sum(1 for r in iface_rows if not (r['typed'] or r['prompt']))))
    a('| `interface-types.tsv` | where each interface type was seen (examples with spelling counts, or the cited page) |')
    a('| `cli-templates-skipped.tsv` | %d CLI lines that gave no template, with the reason |' % len(b.skipped))
    a('')
    a('## How it is built')
    a('')
    a('1. **NE40E**: every `cmd_corpus/**.json` page (%d command pages; %d file(s) that are not command pages, listed below).'
      % (b.stats['ne pages'], len([x for x in b.bad_json if x[0] == 'ne'])))
    a('   `CLIs` gives the syntax lines, `ParentView` the views, `ParaDef` the parameter descriptions.')
    a('2. **CE6800**: every `cmd_corpus_json/**.json` page (%d pages) gives `ParentView` (one comma-joined'
      % b.stats['ce pages'])
    a('   string per page; split on commas) and `ParaDef`. The syntax lines are taken from the Markdown page of')
    a('   the same path at commit `%s` of the mirror (read with `git cat-file`), whose' % MIRROR_COMMIT)
    a('   `**keyword**` / `*param*` markup keeps every keyword separate. The *n*-th Markdown `Format` line is')
    a('   paired with the *n*-th JSON `CLIs` line; when the counts differ, or no Markdown exists, the JSON line')
    a('   is used only if it has no glued keyword (see below), otherwise it is skipped.')
    a('   If the mirror cannot be read, the script still runs on the JSON alone and skips every glued line')
    a('   (a trial run that way skipped 1922 CE6800 lines and produced 21358 templates).')
    a('   Markdown pages read: %d, objects missing in the mirror: %d.' % (
        b.stats['ce md pages read from mirror'], b.stats['ce md objects missing']))
    a('')
    a('   | CE6800 syntax line source | lines |')
    a('   | --- | --- |')
    for k, v in sorted(b.ce_source.items(), key=lambda x: -x[1]):
        a('   | %s | %d |' % (k, v))
    a('')
    a('   Glued keyword detection (used for JSON-only lines): a JSON keyword that is not in the keyword')
    a('   vocabulary (all NE40E keywords + all CE6800 Markdown keywords, %d words) but can be written as a'
      % len(b.vocab))
    a('   concatenation of two or more vocabulary words is "glued". Examples recovered from Markdown:')
    a('')
    for jl, pl in b.glue_examples[:8]:
        a('   - JSON `%s`  →  `%s`' % (jl, pl))
    if b.ce_diff_examples:
        a('')
        a('   Markdown lines that differ from the JSON line by more than spaces (Markdown used):')
        a('')
        for rel, jl, pl in b.ce_diff_examples[:8]:
            a('   - `%s`: JSON `%s` / md `%s`' % (rel.split('/')[-1], jl, pl))
    a('')
    a('   The glued-keyword detector was checked against the Markdown on the paired lines: '
      '%d of %d lines with glued keywords are flagged, %d of %d clean lines are flagged (false alarms).' % (
          b.glue_eval['glued, detector flags'], b.glue_eval['glued, detector flags'] + b.glue_eval['glued, detector silent'],
          b.glue_eval['identical, detector flags'],
          b.glue_eval['identical, detector flags'] + b.glue_eval['identical, detector silent']))
    a('   NE40E JSON lines show no sign of glue. The same detector flags %d NE40E keywords (most frequent: %s),'
      % (len(b.ne_glue_loose), ', '.join('`%s`' % w for w in b.ne_glue_loose[:10])))
    a('   but these are genuine one-word keywords (the examples type them the same way, e.g. `ptp notslave')
    a('   disable`, `phyautoclear forcephysicalmode enable 30`). A strict check (every adjacent pair of parts must occur as')
    a('   consecutive keywords elsewhere) flags only %s, which are real keywords of NE40E commands'
      % ', '.join('`%s` (= %s?)' % kv for kv in sorted(b.ne_glue.items())))
    a('   (e.g. `protocol { … | pimsm }`, `ipv6 nd autoconfig other-flag { ndra | … }`); they are left unchanged.')
    a('')
    a('3. Each syntax line is parsed (`{ a | b }` required choice, `[ … ]` optional, `<p>` parameter,')
    a('   `*` / `&<1-n>` repetition of the preceding element). A `<…type>` parameter directly followed by a')
    a('   `<…number>` parameter (`<interface-type> <interface-number>`, `<ifType> <ifNum>`, `<port-type> <port-num>`…)')
    a('   becomes one `<if>` token; an `<interface-name>`-like parameter is `<if>` too.')
    a('   NE40E sometimes prints a parameter without `<>` (`undo bandwidth [ bandwidth ]`, `qos-local-id {')
    a('   qos-local-id | route-policy <name> }`, `mac-address static mac-address …`). A keyword is read as a')
    a('   parameter when the same word already occurred earlier in the line and `ParaDef` has a one-word entry of')
    a('   that name whose Info describes a value (integer, string, dotted decimal, format…), and the word is not')
    a('   itself followed by a parameter: %d lines, e.g. %s.' % (
        len(b.bare_fixed), '; '.join('`%s`' % l for l in sorted({l for _, _, l, _ in b.bare_fixed}, key=len)[:4])))
    a('   Bare parameters that occur only once (e.g. `radius-server { accounting | authentication } ip-address`)')
    a('   cannot be told from keywords and stay keywords.')
    a('4. Templates are the leading mandatory tokens: `{ a | b }` expands to one template per alternative')
    a('   (at most %d templates per line; a line beyond that would keep only its mandatory tokens before the' % MAX_EXPANSION)
    a('   first choice: %d such lines), a template stops at the' % len(b.truncated))
    a('   first optional part `[`, after a repeated element (`{ … } *`, `x &<1-n>`: the first occurrence is')
    a('   mandatory, further ones optional), or after %d tokens. The `tail` column says what may follow the' % MAX_TOKENS)
    a('   listed tokens in that syntax line (`=` nothing, `+` only optional parts or repetitions, `>` at least one')
    a('   more mandatory token; see "Tail column"). `undo` lines are templates of their own. Keywords are lowercased.')
    a('   Templates are deduplicated per (view, tokens, tail); `platforms` is the union (`ne`, `ce`, `ne,ce`).')
    a('5. Parameter types come from the parameter\'s `ParaDef` Info text (and its name):')
    a('')
    a('   | placeholder | rule (first that applies) |')
    a('   | --- | --- |')
    a('   | `<if>` | name like interface-type/-name, ifType/ifName, port-type (merged with the number) |')
    a('   | `<ipv6>` / `<ipv4>` | name with `/` (`<ipv6-address/prefix-length>`, `<ip-address/mask>`) |')
    a('   | `<int:LO-HI>` | Info value line is just `<LO-HI>` (CE6800 style) |')
    a('   | `<as>` | Info mentions the `x.y` AS format, or name is as-number/asNumber/as/peer-as… (but not `AS:nn` community/RD formats) |')
    a('   | `<mask>` | name contains "mask" (not mask-length) and Info says dotted decimal or no integer; dotted wildcards |')
    a('   | `<ipv6>` | Info has `X:X:X…` or "hexadecimal" + "IPv6" |')
    a('   | `<name>` | Info shows a colon or MAC/time format: RD/RT `1:3`, `AS number:nn`, `ipv4-address:nn`, `H-H-H`, `HH:MM` |')
    a('   | `<ipv4>` | Info says dotted decimal (if it also allows an integer, e.g. OSPF area id, and the name is not an address: `<name>`) |')
    a('   | (no Info) | by name: ipv6…addr → `<ipv6>`, ip-address → `<ipv4>`, description/text/password → `<text>`, else `<name>` |')
    a('   | `<int:LO-HI>` / `<int>` | Info says integer (and not "string"); LO/HI = min/max of every stated range |')
    a('   | `<text>` | Info says spaces are supported (without needing quotes), or name is description/text/command/password-like |')
    a('   | `<name>` | everything else: strings, names, enumerations, unknown Info |')
    a('')
    a('   Placeholder counts over all generated tokens (before dedup): ' +
      ', '.join('`%s` %d' % kv for kv in sorted(b.param_types.items(), key=lambda x: -x[1])))
    a('')

    a('## View mapping')
    a('')
    a('Every ParentView string seen in either reference, with the number of pages (NE40E / CE6800).')
    a('Views not listed in this table are ignored (their names are in the second table when they look')
    a('related: they contain "bgp", "vpn", "interface", "instance" or "view" of a port).')
    a('')
    a('| view id | ParentView strings (pages ne/ce) |')
    a('| --- | --- |')
    mapped = collections.defaultdict(list)
    ignored = []
    for name, cnt in sorted(b.view_names.items(), key=lambda x: x[0].lower()):
        vid = map_view(name)
        label = '%s (%d/%d)' % (name, cnt.get('ne', 0), cnt.get('ce', 0))
        if vid:
            mapped[vid].append(label)
        else:
            ignored.append(label)
    for vid in VIEW_IDS:
        a('| `%s` | %s |' % (vid, '; '.join(mapped.get(vid, [])).replace('|', '\\|') or '-'))
    a('')
    a('Ignored ParentView strings that could be confused with the views above:')
    a('')
    rel = [x for x in ignored if re.search(r'bgp|vpn|interface|instance|trunk|-l2|all views|system view', x, re.I)]
    a('; '.join(rel))
    a('')
    a('Why some are ignored: `BGP-labeled VPN instance IPv4 address family view` and `BGP-Flow VPN instance'
      ' IPv4/IPv6 address family view` are entered with `ipv4-labeled-unicast vpn-instance V` / `ipv4-flow'
      ' vpn-instance V`, not `ipv4-family vpn-instance V`; `BGP multi-instance VPNv4 address family view` and'
      ' `bgp-muli-instance-af-evpn view` are public address families of a multi-instance BGP, not VPN-instance'
      ' views; `BAS interface view`, `LMP interface view`, `Interface group view` (port group),'
      ' `Interface-based ACL…` are entered from inside another view; `System view of the virtual system`'
      ' is the vsys system view; `VPN instance … MVPN/PIM/IGMP…` views are sub-views of the VPN instance.'
      ' `All views except the user view` and `All views (excluding the AAA domain view)` are mapped to `all`.')
    a('')
    a('%d ParentView strings in total; %d mapped, %d ignored. Other ignored names: see the script (`map_view`).'
      % (len(b.view_names), sum(len(v) for v in mapped.values()), len(ignored)))
    a('')

    a('## Counts per view')
    a('')
    a('| view | templates | ne only | ce only | ne,ce | undo | tail `=` | tail `+` | tail `>` |')
    a('| --- | --- | --- | --- | --- | --- | --- | --- | --- |')
    for vid in VIEW_IDS:
        a('| `%s` | %d | %d | %d | %d | %d | %d | %d | %d |' % (
            vid, per_view[vid], per_view_plat[(vid, 'ne')], per_view_plat[(vid, 'ce')],
            per_view_plat[(vid, 'ne,ce')], undo[vid], tails[(vid, '=')], tails[(vid, '+')], tails[(vid, '>')]))
    a('| total | %d | %d | %d | %d | %d | %d | %d | %d |' % (
        len(rows), sum(v for (_, p), v in per_view_plat.items() if p == 'ne'),
        sum(v for (_, p), v in per_view_plat.items() if p == 'ce'),
        sum(v for (_, p), v in per_view_plat.items() if p == 'ne,ce'), sum(undo.values()),
        tails_total['='], tails_total['+'], tails_total['>']))
    a('')
    a('Input: NE40E %d syntax lines (%d used), CE6800 %d syntax lines (%d used); pages whose views are all'
      ' ignored: NE40E %d, CE6800 %d.' % (
          b.stats['ne lines'], b.stats['ne lines used'], b.stats['ce lines'], b.stats['ce lines used'],
          b.stats['ne pages in ignored views'], b.stats['ce pages in ignored views']))
    a('')

    a('## Tail column')
    a('')
    a('| tail | meaning | lines | ne only | ce only | ne,ce |')
    a('| --- | --- | --- | --- | --- | --- |')
    for t, meaning in (('=', 'the listed tokens are the whole command: no optional part, no further mandatory token'),
                       ('+', 'the listed tokens are all the mandatory tokens; optional parts or repetitions may follow'),
                       ('>', 'more mandatory tokens follow the listed ones (the former ` …` lines)')):
        a('| `%s` | %s | %d | %d | %d | %d |' % (t, meaning, tails_total[t], tails_by_plat[('ne', t)],
                                                tails_by_plat[('ce', t)], tails_by_plat[('ne,ce', t)]))
    a('')
    a('How the tail is decided, per syntax line and per expanded alternative (`expand`, `tail_of`):')
    a('')
    a('- the line ends after the listed tokens: `=`;')
    a('- the template stops at an optional part `[ … ]`: `>` if a mandatory token (a keyword, a parameter, or a')
    a('  `{ … }` choice with at least one mandatory alternative) follows later in the line, otherwise `+`;')
    a('- the template stops after a repeated element (`x *`, `x &<1-n>`, `{ … } *`): same test, `>` or `+`;')
    a('- the template is cut at the %d-token limit: `>` if the remaining part of the line has a mandatory token,' % MAX_TOKENS)
    a('  `+` if it has only optional parts (or choices whose alternatives are all optional), `=` if nothing remains.')
    a('')
    a('Examples: `undo bandwidth [ bandwidth ]` → `undo bandwidth` `+`; `peer <ipv4> as-number <as>` (nothing after) → `=`;')
    a('`display configuration changes { running label <label> | … }` → `display configuration changes running label` `>`')
    a('(cut at %d tokens, `<label>` still mandatory). Counted over every generated template before deduplication:' % MAX_TOKENS)
    a('`=` %d, `+` %d, `>` %d.' % (b.tails_per_line['='], b.tails_per_line['+'], b.tails_per_line['>']))
    a('')
    a('The tokens column no longer carries ` …`; the `>` lines are exactly the former ` …` lines (%d). The same'
      % tails_total['>'])
    a('(view, tokens) now appears with more than one tail when different syntax lines (or pages, or platforms)')
    a('end differently there: %d (view, tokens) pairs, %d table lines (%s). Example: `user` `system-view` is `+` on'
      % (len(multi), sum(len(v) for v in multi.values()),
         ', '.join('%s: %d' % (' / '.join('`%s`' % c for c in k), n) for k, n in sorted(multi_kinds.items()))))
    a('NE40E (`system-view [ immediately ]`) and `=` on CE6800 (`system-view` and `system-view immediately` are')
    a('separate lines there). A consumer that looks a template up by its tokens must therefore accept all of its lines.')
    a('')
    a('Matching rule for a consumer (used by the spot checks below): with n typed positions, a template of len')
    a('tokens matches when every typed word fits its position and n == len for `=`, n >= len for `+`, n > len for `>`.')
    a('Words beyond len (allowed for `+` and `>`) are not checked: the table does not list optional parts.')
    a('')

    a('## Lines skipped')
    a('')
    reasons = collections.Counter()
    for p, fn, line, reason in b.skipped:
        key = re.sub(r':.*', '', reason) if reason.startswith('glued') else reason
        reasons[(p, key)] += 1
    a('Syntax lines of pages with at least one mapped view that gave no template: %d (listed in' % len(b.skipped))
    a('`cli-templates-skipped.tsv`; reasons would be: syntax error, line starting with an optional part, no')
    a('mandatory token). Lines that hit the expansion cap: %d. What is left out, and why:' % len(b.truncated))
    a('')
    a('- pages whose every ParentView is ignored (see the mapping): NE40E %d pages, CE6800 %d pages;' % (
        b.stats['ne pages in ignored views'], b.stats['ce pages in ignored views']))
    a('- files that are not command pages (below); all other files parse as JSON;')
    a('- CE6800 JSON syntax lines with glued keywords are not used as such: the Markdown line replaces them')
    a('  (%d lines); %d had to be skipped because no Markdown was available;' % (b.ce_source.get(
        'md line = JSON with glued keywords split (recovered)', 0),
        sum(1 for x in b.skipped if x[3].startswith('glued'))))
    a('- the per-model headings of CE6800 Markdown `Format` sections ("For CE6885-LL (low latency mode):") are')
    a('  not syntax lines and are not read;')
    a('- every token after the first optional part, after a repeated element, or after %d tokens (by design).' % MAX_TOKENS)
    a('')
    if reasons:
        a('| platform | reason | lines |')
        a('| --- | --- | --- |')
        for (p, r), n in sorted(reasons.items(), key=lambda x: -x[1]):
            a('| %s | %s | %d |' % (p, r, n))
        a('')
    for p, fn, line, reason in b.skipped[:0]:
        pass
    ex = collections.OrderedDict()
    for p, fn, line, reason in b.skipped:
        k = (p, reason if not reason.startswith('glued') else 'glued')
        if k not in ex:
            ex[k] = (fn, line)
    if ex:
        a('Examples:')
        a('')
        for (p, r), (fn, line) in ex.items():
            a('- %s, %s: `%s` (`%s`)' % (p, r, line, fn.split('/')[-1]))
        a('')
    a('Files that are not command pages or do not parse as JSON:')
    a('')
    for p, fn, why in b.bad_json:
        a('- %s `%s`: %s' % (p, fn, why))
    a('')

    a('## Interface types (`interface-types.txt`)')
    a('')
    a('The `interface` command pages in system view (NE40E `interface(IFMOM).json`, `interfaceModeL2(IFMOM).json`;')
    a('CE6800 `interface.json`, `interface_l2.json`, also checked in the CE6800 Markdown/HTML) do **not** enumerate')
    a('the interface types: their `interface-type` parameter says only "-" (NE40E: "For details, see Hardware')
    a('Description") or "Enumerated type, depending on the interface type supported by the device" (CE6800).')
    a('They name types only in their examples. So the list is built from examples: every system-view example')
    a('line `interface <Type> <number>` (or `interface <Type><number>`) in **all** pages of both references.')
    a('The spelling is the one the device prompt shows on the next example line (e.g. `interface loopback 1`')
    a('→ prompt `[~HUAWEI-LoopBack1]` → `LoopBack`), most frequent first; without a prompt, the most frequent')
    a('typed spelling. Types mentioned only once in all examples and not on an interface page are dropped as')
    a('probable typos. Matching of types should be case-insensitive. Types that no example spells but a page')
    a('names as an interface are added from citations (see "Types added from cited pages").')
    a('')
    a('| type | platforms | source | typed spellings | prompt spellings |')
    a('| --- | --- | --- | --- | --- |')
    for r in iface_rows:
        src = []
        if r['typed'] or r['prompt']:
            src.append(r['source'] + ((' (%s)' % r['page_platforms']) if r['page_platforms'] else ''))
        for c in r.get('cites', []):
            src.append('cited page (%s), see below' % c[0])
        a('| `%s` | %s | %s | %s | %s |' % (
            r['type'].replace('|', '\\|'), r['platforms'], '; '.join(src),
            ' '.join('%s:%d' % kv for kv in sorted(r['typed'].items())).replace('|', '\\|'),
            ' '.join('%s:%d' % kv for kv in sorted(r['prompt'].items())).replace('|', '\\|')))
    a('')
    a('Dropped (one unconfirmed mention, or a doubled word): ' + ', '.join('`%s`' % list(t)[0] for _, t in iface_dropped)
      + '. Both `PW-VE` and `pwve` are kept because both are written (and echoed by the prompt) in the examples.')
    a('')
    a('### Types added from cited pages')
    a('')
    a('Interface kinds that the references clearly have (a ParentView of that kind, or configuration-guide')
    a('pages about it) but whose keyword no command-reference example spells were looked up in every page of')
    a('both references: command pages (JSON, and the CE6800 Markdown), and both configuration guides (NE40E')
    a('`config_corpus`, CE6800 `config_corpus` of the mirror). The candidates are listed in the script')
    a('(`IFTYPE_CANDIDATES`); a candidate is added only when a page of the same platform names it as an interface in one')
    a('of these forms, strongest first (`IFCITE_KINDS`): the `interface X …` command given for the view; a typed')
    a('`interface x …` command in an example together with the prompt `[…-X…]` it produces; a configuration file line')
    a('`interface X<n>`; an interface-type argument of a display command (`display … interface x 1/0/0`) with')
    a('the output naming `X1/0/0`; an interface name `X<n>` in a command output. The spelling is the one the page')
    a('prints (prompt or output). The page below is the first one (command reference before configuration guide,')
    a('then by path) with the strongest form found; "pages" counts the pages with that form.')
    a('')
    a('| type | platform | evidence | page | quote | pages |')
    a('| --- | --- | --- | --- | --- | --- |')
    for (plat, spelling), (why, found) in b.iface_cites.items():
        if found:
            kind, page, quote, npages = found
            a('| `%s` | %s | %s | `%s` | `%s` | %d |' % (spelling.replace('|', '\\|'), plat, kind, page, quote.replace('|', '\\|').replace('`', "'"), npages))
    a('')
    missing = [(plat, spelling, why) for (plat, spelling), (why, found) in b.iface_cites.items() if not found]
    a('Candidates not added, because no page names them as an interface in one of those forms: ' +
      '; '.join('`%s` (%s; %s)' % (sp, pl, why) for pl, sp, why in missing) + '.')
    a('')
    a('Notes on the added types:')
    a('')
    a('- `Cpos` and `Wdm` are controllers (their views are entered with `controller cpos 0/3/0` / `controller wdm')
    a('  1/0/0`), but the cited display commands take them where an interface type goes, so they are valid in `<if>`.')
    a('  `E1` is entered with `controller E1 0/3/0` only (Overview_of_Interface_Management) and is not added.')
    a('- NE40E `XGE interface view` is entered with the keyword `XGigabitEthernet` (cited row), not `XGE`.')
    a('- Not added although spelled somewhere: NE40E `GE` (display outputs print `GE0/1/0`, and two configuration')
    a('  examples type `interface GE 0/2/0.1`, e.g. Example_for_Configuring_Three-Segment_VXLAN_to_Implement_Layer_2_Interworking.md,')
    a('  but the interface overview says GE interfaces are entered with `interface gigabitethernet`, already in the')
    a('  list: `GE` there is an abbreviation, not another type); NE40E `10GigabitEthernet` (one configuration example,')
    a('  Example_for_Configuring_Interface-specific_UCMP_for_IP_Packet_Forwarding.md; the 10GE type is `10GE` or')
    a('  `gigabitethernet` with a 10G mark per the overview); NE40E `400GE` is only named in prose ("GE, XGE, 10GE …')
    a('  400GE Ethernet physical interfaces", Configuration_Precautions_for_HQoS.md), where `GE` is not the keyword either.')
    a('- With CE6800 `GE` in the list, the spot check `int g0/0/1` now matches on CE6800 as well.')
    a('')

    a('## Spot checks')
    a('')
    a('Implemented in the script (`Matcher`, `verdict`), using only `cli-templates.tsv` and `interface-types.txt`.')
    a('Candidates are the templates of the given view plus those of `all`, filtered by platform (`ne`: rows')
    a('whose platforms contain ne; `ce` likewise; `ne+ce`: every row).')
    a('')
    a('Rule: a template matches a typed line of n words when every typed word matches its position (a keyword')
    a('the word is a case-insensitive prefix of, or a placeholder of the right type) and n == len for `=`,')
    a('n >= len for `+`, n > len for `>`. A line is **ambiguous** when the matching templates expand the typed words')
    a('to more than one distinct keyword sequence (each keyword position replaced by the full keyword; placeholder')
    a('words, and words beyond a shorter `+`/`>` template, stay as typed); **unique** when they expand it to exactly')
    a('one; **incomplete** when no template matches but longer ones (or `>` ones at n == len) would; **no match** otherwise.')
    a('')
    a('Placeholder types: `<ipv4>` dotted quad (optional `/len`), `<mask>` dotted quad, `<ipv6>` hex with `:`')
    a('(optional `/len`), `<int>` digits in the stated range, `<as>` digits or `x.y`, `<name>` any word. Two')
    a('placeholders take a different number of words, so n counts positions rather than words for them: `<if>` is')
    a('one word (`g0/0/1`, `LoopBack0`, `100GE1/0/1`) or two (`LoopBack 0`) whose letters are a prefix of an interface')
    a('type of that platform; `<text>` takes the rest of the line.')
    a('')
    a('U = unique, A = ambiguous, I = incomplete, N = no match. A° = ambiguous only because a `+`/`>` template shorter')
    a('than the line leaves a word unexpanded that another matching template expands to a keyword (the expansions')
    a('agree wherever both expand).')
    a('')
    a('| view | typed | ne | ce | ne+ce | expands to (ne+ce) |')
    a('| --- | --- | --- | --- | --- | --- |')

    def cell(res):
        v = res['v']
        return SHORT[v[0]] + ('°' if v[2] else '')
    for c in checks:
        v = c['res'][None]['v']
        a('| `%s` | `%s` | %s | %s | %s | %s |' % (c['view'], c['typed'], cell(c['res']['ne']), cell(c['res']['ce']),
                                                  cell(c['res'][None]), v[1] if v[0] != 'NO MATCH' else 'no match'))
    a('')
    for pl, name in (('ne', 'NE40E (ne)'), ('ce', 'CE6800 (ce)')):
        groups = collections.OrderedDict((k, []) for k in ('UNIQUE', 'AMBIGUOUS', 'INCOMPLETE', 'NO MATCH'))
        for c in checks:
            groups[c['res'][pl]['v'][0]].append('`%s` (%s)' % (c['typed'], c['view']))
        a('- %s: %s.' % (name, '; '.join('%s %d%s' % (k.lower(), len(v), (': ' + ', '.join(v)) if v and k != 'UNIQUE' else '')
                                        for k, v in groups.items() if v)))
    a('')
    diff = [(c, pl) for c in checks for pl in ('ne', 'ce', None) if c['res'][pl]['vx'][0] != c['res'][pl]['v'][0]]
    a('Variant for comparison (not part of the rule): if a word that equals a keyword at its position excluded the')
    a('longer keywords it is also a prefix of (`ip` = `ip`, not `ip-trunk`), %s.' % (
        'no verdict would change' if not diff else '%d verdicts would change: %s' % (len(diff), ', '.join(
            '`%s` %s %s→%s' % (c['typed'], pl or 'ne+ce', c['res'][pl]['v'][0], c['res'][pl]['vx'][0]) for c, pl in diff))))
    a('')
    a('### Reading the results')
    a('')
    a('- With the tail column, the abbreviations users actually type resolve: `q` (`quit` is `=`; `qos …`, `qinq …` need')
    a('  more words), `sys` in the user view (`sysmac …` needs more), `int g0/0/1`, `un pe 10.0.0.2 listen-o`. The')
    a('  cases that the previous version of this file could only call ambiguous because a template shorter than')
    a('  the line had to be kept are now unique, the shorter template being closed (`=`): `peer <ipv4> connect-only`')
    a('  for `pe 10.0.0.2 conn LoopBack0`, `graceful-restart` for `gr CE ex`, `undo interface-bandwidth-type` for')
    a('  `un int g0/0/1` (NE40E).')
    a('- Still ambiguous, and rightly so from the docs: `ipv4-f vpn-instance A` on NE40E (`ipv4-family vpn-instance` and')
    a('  `ipv4-flow vpn-instance` both exist in the BGP view); `sh` / `un sh` in the merged NE40E `interface` view')
    a('  (`shutdown` vs `short-sequence`, the latter only in the MP-group interface view).')
    a('- `pe 10.0.0.2 g CE` on CE6800 is ambiguous because `peer <ipv4> graceful-shutdown` is `+` (CE6800:')
    a('  `peer … graceful-shutdown [ local-preference … | as-prepend … ]`): the table says optional parts may follow but')
    a('  not that they start with keywords, so `CE` may be one of them. Only a table of the optional parts\' first')
    a('  tokens would settle it.')
    a('- `sys` in the system view is not a command (`sysname <text>` and CE6800 `system resource …` need more words).')
    a('- `int g0/0/1` on CE6800 matches since `GE` (cited, see interface types) is in the list; `g` fits `GE` only there.')
    a('  On NE40E `g` fits several types (GigabitEthernet, Global-VE, Global-Mp-Group, Global-Ima-Group, Gmpls-Uni):')
    a('  the rule keeps placeholder words as typed, so this does not make the line ambiguous; whether VRP resolves `g` to')
    a('  GigabitEthernet is not stated in the docs.')
    a('- These are results about the table, not observations of a device.')
    a('')
    a('### Why, case by case')
    a('')
    plats_of = {}
    for row in rows:
        plats_of['%s: %s %s' % (row[0], row[2], row[3])] = row[1]
    lim = 20
    fmt = lambda xs: ', '.join('`%s` (%s)' % (x, plats_of.get(x, '?')) for x in xs[:lim]) + (' …' if len(xs) > lim else '')
    for c in checks:
        a('#### `%s` in `%s`' % (c['typed'], c['view']))
        a('')
        for pl in ('ne', 'ce', None):
            v = c['res'][pl]['v']
            a('- %s: %s%s (%s)' % (pl or 'ne+ce', v[0], ' (only through unexpanded words)' if v[2] else '', v[1]))
        r = c['res'][None]['r']
        for st in r['steps']:
            kws = st['keywords']
            extra = ''
            if st['if_types']:
                extra = '; interface-type prefix `%s` fits %d types: %s' % (
                    st['if_types'][0], len(st['if_types'][1]), ', '.join(st['if_types'][1]))
            a('  - `%s`: keywords it is a prefix of here %s%s%s' % (
                st['word'],
                (', '.join('`%s`' % k for k in kws[:14]) + (' … (%d)' % len(kws) if len(kws) > 14 else '')) if kws else 'none',
                ('; fits ' + ', '.join('`%s`' % p for p in sorted(st['params']))) if st['params'] else '', extra))
        if r['matched']:
            a('  - matching templates (%d): %s' % (len(r['matched']), fmt(sorted(r['matched']))))
        if r['incomplete']:
            a('  - consistent with the words but needing more (%d): %s' % (len(r['incomplete']), fmt(r['incomplete'])))
        a('')
    a('## Limits')
    a('')
    a('- `+` says that optional parts may follow, not what they are: words after a `+` template are accepted')
    a('  unchecked, which is what keeps `pe 10.0.0.2 g CE` ambiguous on CE6800.')
    a('- `interface` merges every interface-type view, so commands of one type (MP-group, POS, serial…) compete')
    a('  with commands of another. Same for `bgp-family` (all public address families) and `bgp-multi-vrf`.')
    a('- `all` holds the "All views" commands (mostly `display …`, plus quit/return/commit…); a matcher should')
    a('  look them up in every view, as the spot checks do.')
    a('- Parameter types are heuristics over free text (see the table above); `<name>` is the fallback and')
    a('  accepts anything, so it never causes a false "no match" but can hide a type error.')
    a('- CE6800 pages list per-model syntax variants ("For CE6885-LL …:"); all variants are merged.')
    a('- Template keywords are those of the two references only (NE40E V800R012C10, CE6800 V300R023C00); other')
    a('  releases add keywords and can turn a unique abbreviation ambiguous.')
    a('')
    with open(os.path.join(outdir, 'cli-templates.md'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(L) + '\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=os.path.dirname(os.path.abspath(__file__)))
    args = ap.parse_args()
    b = Build()
    b.load_ne()
    ne_vocab, ne_bigrams, ne_counts = set(), set(), collections.Counter()
    for f in sorted(glob.glob(NE_GLOB, recursive=True)):
        try:
            d = load_json(f)
        except Exception:
            continue
        if isinstance(d, dict) and 'CLIs' in d:
            for l in d.get('CLIs') or []:
                toks = tokenize_plain(l or '')
                ne_bigrams |= kw_bigrams(toks)
                for t in toks:
                    if t[0] == 'kw':
                        ne_vocab.add(t[1].lower())
                        ne_counts[t[1].lower()] += 1
    b.load_ce(ne_vocab, ne_bigrams, ne_counts)
    rows, checks = write_outputs(b, args.out)
    per_view = collections.Counter(r[0] for r in rows)
    print('templates: %d (tail = %d, + %d, > %d)' % (len(rows), *(sum(1 for r in rows if r[3] == t) for t in '=+>')))
    for v in VIEW_IDS:
        print('  %-15s %d' % (v, per_view[v]))
    print('slim: %d lines, %d bytes, gzip -9 %d bytes' % (b.slim['rows'], b.slim['bytes'], b.slim['gzip9']))
    print('skipped lines: %d' % len(b.skipped))
    print('spot checks (ne / ce / ne+ce):')
    for c in checks:
        cells = ' '.join('%s%s' % (SHORT[c['res'][pl]['v'][0]], '°' if c['res'][pl]['v'][2] else ' ')
                         for pl in ('ne', 'ce', None))
        v = c['res'][None]['v']
        print('  %-15s %-34s %s  %s' % (c['view'], c['typed'], cells, v[1][:100]))
    print('bare parameters fixed: %d lines; truncated expansions: %d; CE glue detector: %s; NE flagged: %s'
          % (len(b.bare_fixed), len(b.truncated), dict(b.glue_eval), b.ne_glue))


if __name__ == '__main__':
    main()
