#!/usr/bin/env python3
"""FNC-1 clustering gold against Emergent claims.

usage: python3 fnc1_gold.py DATA_DIR PREDICTIONS.tsv
  DATA_DIR: ../shared/data (holds fnc1/ and emergent/)
  PREDICTIONS.tsv: from `crosscheck eval cluster --dataset fnc1 --predictions FILE` (ID, gold, story)
Prints: how FNC-1 headlines map to Emergent claims, whether the union-find groups are claims,
the largest predicted merges with their claim headlines, and BCubed with four hand-judged
same-event claim sets merged (the EVENTS list below: a judgement, stated as such).
"""
import collections, csv, re, sys
from itertools import combinations

csv.field_size_limit(10**9)
D, P = sys.argv[1].rstrip('/') + '/', sys.argv[2]
st = list(csv.DictReader(open(D + 'fnc1/train_stances.csv', encoding='utf-8')))
bodies = {r['Body ID']: r['articleBody'] for r in csv.DictReader(open(D + 'fnc1/train_bodies.csv', encoding='utf-8'))}
em = list(csv.DictReader(open(D + 'emergent/url-versions-2015-06-14-clean.csv', encoding='utf-8')))
claimhead = {r['claimId']: r['claimHeadline'] for r in em}

def norm(s):
    return ' '.join(''.join(ch.lower() if ch.isalnum() else ' ' for ch in s).split())

h2c = collections.defaultdict(set)
for r in em:
    h2c[norm(r['articleHeadline'])].add(r['claimId'])
    h2c[norm(r['claimHeadline'])].add(r['claimId'])

parent = {}
def find(x):
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x
def union(a, b):
    ra, rb = find(a), find(b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)

rel = [r for r in st if r['Stance'] != 'unrelated']
for r in rel:
    union('b:' + r['Body ID'], 'h:' + r['Headline'])
groups = collections.defaultdict(set)
for b in bodies:
    groups[find('b:' + b)].add(b)
heads = set(r['Headline'] for r in st)
mapped = {h: h2c.get(norm(h)) for h in heads}
print('bodies', len(bodies), 'groups', len(groups))
print('distinct headlines', len(heads), 'equal to an Emergent headline', sum(1 for h in heads if mapped[h]))
bh = collections.defaultdict(set)
for r in rel:
    bh[r['Body ID']].add(r['Headline'])
bc = {b: set().union(*[mapped[h] for h in hs if mapped[h] and len(mapped[h]) == 1] or [set()]) for b, hs in bh.items()}
claim_groups = collections.defaultdict(set)
mixed = []
for g, bs in groups.items():
    cs = collections.Counter(c for b in bs for c in bc.get(b, ()))
    for c in cs:
        claim_groups[c].add(g)
    if len(cs) > 1:
        mixed.append((len(bs), [claimhead[c] for c in cs]))
print('groups holding bodies of two or more claims', len(mixed), 'bodies', sum(n for n, _ in mixed))
for n, hs in mixed:
    print('   ', n, ' | '.join(h[:70] for h in hs))
print('claims spread over two or more groups', sum(1 for gs in claim_groups.values() if len(gs) > 1))

def gclaim(g):
    cs = collections.Counter(c for b in groups[g] for c in bc.get(b, ()))
    return cs.most_common(1)[0][0] if cs else None

docs = [l.rstrip('\n').split('\t') for l in open(P)]
byp = collections.defaultdict(collections.Counter)
for d, g, p in docs:
    byp[p][g] += 1
print('largest predicted merges:')
for p, gs in sorted(byp.items(), key=lambda x: -sum(x[1].values()))[:40]:
    if len(gs) > 1 and sum(gs.values()) >= 10:
        print('  story', p, sum(gs.values()), '; '.join('%d %s' % (k, claimhead.get(gclaim(g), '?')[:70]) for g, k in gs.most_common()))

def names(h):
    ws = re.findall(r"[A-Za-z0-9][\w'-]*", h)
    return set(w.lower() for w in ws if w[0].isupper())
fp = fpn = 0
byp2 = collections.defaultdict(list)
for d, g, p in docs:
    byp2[p].append(g)
for gl in byp2.values():
    for a, b in combinations(gl, 2):
        if a != b:
            fp += 1
            ca, cb = gclaim(a), gclaim(b)
            fpn += bool(ca and cb and names(claimhead[ca]) & names(claimhead[cb]))
print('wrongly joined body pairs', fp, 'whose claim headlines share a capitalised word', fpn)

# Four sets of claims judged to tell one news event each (the Ottawa
# shooting, the cast of one film, one leader's injury, one product's
# prices): Emergent claim IDs.
EVENTS = [["43a5dac0-59f5-11e4-aaf5-a1ddcfbcd5a9", "880e7cc0-5a28-11e4-aaf5-a1ddcfbcd5a9"],
          ["cf3a83c0-611a-11e4-b6e9-e5f029e25965", "f4b073e0-54c6-11e4-b6a0-9705a8f94440"],
          ["3dc4eeb0-4fec-11e4-b6a0-9705a8f94440", "476ad630-48d7-11e4-9960-a165dd517bbb"],
          ["2b9a4d50-c212-11e4-8747-5b024dd6dd6c", "855813e0-c366-11e4-9435-a96703525a9e", "8ae82d40-c2ad-11e4-8747-5b024dd6dd6c",
           "bd1e3340-c276-11e4-8747-5b024dd6dd6c", "f45dd0b0-c34b-11e4-8747-5b024dd6dd6c"]]
def evkey(g):
    c = gclaim(g)
    for i, ids in enumerate(EVENTS):
        if c in ids:
            return 'event%d' % i
    return g
def bcubed(lab):
    bp, bg = collections.defaultdict(list), collections.defaultdict(list)
    for i, (d, g, p) in enumerate(docs):
        bp[p].append(i)
        bg[lab[i]].append(i)
    P = sum(sum(lab[j] == lab[i] for j in bp[p]) / len(bp[p]) for i, (d, g, p) in enumerate(docs)) / len(docs)
    R = sum(sum(docs[j][2] == p for j in bg[lab[i]]) / len(bg[lab[i]]) for i, (d, g, p) in enumerate(docs)) / len(docs)
    return round(P, 3), round(R, 3), round(2 * P * R / (P + R), 3)
print('BCubed P/R/F1, gold = claims          ', bcubed([g for d, g, p in docs]))
print('BCubed P/R/F1, 4 same-event sets merged', bcubed([evkey(g) for d, g, p in docs]))
