#!/usr/bin/env python3
"""Splits the triage evaluation set once, stratified by language and urgency.

The set was written from the protocols by writers who did not see the rules, in parts
(tests/data/eval_parts/*.jsonl, removed after the split), and split once into
tests/data/triage_eval_dev.jsonl (looked at while writing words and rules) and
tests/data/triage_eval_test.jsonl (only ever scored). Deterministic: a case's side depends on
the hash of its id, so running this on the union of the two files reproduces them; new cases
dropped into eval_parts/ are split the same way.
"""
import collections, glob, hashlib, json, os, sys

root = os.path.join(os.path.dirname(__file__), "..", "tests", "data")
cases = []
paths = sorted(glob.glob(os.path.join(root, "eval_parts", "*.jsonl"))) or [
    os.path.join(root, "triage_eval_dev.jsonl"),
    os.path.join(root, "triage_eval_test.jsonl"),
]
for path in paths:
    with open(path, encoding="utf-8") as f:
        cases += [json.loads(l) for l in f if l.strip()]
strata = collections.defaultdict(list)
for c in cases:
    strata[(c["lang"], c["urgency"])].append(c)
dev, test = [], []
for key in sorted(strata):
    group = sorted(strata[key], key=lambda c: hashlib.sha256(c["id"].encode()).hexdigest())
    n_test = round(len(group) * 0.4)
    if n_test == 0 and len(group) == 1:
        n_test = int(hashlib.sha256(group[0]["id"].encode()).hexdigest(), 16) % 2
    test += group[:n_test]
    dev += group[n_test:]
for name, part in (("triage_eval_dev.jsonl", dev), ("triage_eval_test.jsonl", test)):
    part.sort(key=lambda c: c["id"])
    with open(os.path.join(root, name), "w", encoding="utf-8") as f:
        for c in part:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
print(f"dev {len(dev)}, test {len(test)}", file=sys.stderr)
for name, part in (("dev", dev), ("test", test)):
    print(name, dict(sorted(collections.Counter(c["urgency"] for c in part).items())), file=sys.stderr)
