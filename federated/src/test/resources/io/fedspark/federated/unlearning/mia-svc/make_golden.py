#!/usr/bin/python3
"""Golden predictions of scikit-learn's SVC(C=3, gamma='auto', kernel='rbf') for the membership-
inference attacker of fedspark's unlearning metrics (MembershipInferenceAttack, attacker "svc").

The reference attacker (SVC_MIA.py of OPTML-Group/Unlearn-Sparse and Unlearn-WorstCase) fits
SVC(C=3, gamma="auto", kernel="rbf") on the float32 features of shadow members (label 1, first)
and shadow non-members (label 0), then predicts the targets; MIA-efficacy is the fraction of
targets predicted 0. This script makes realistic, overlapping feature rows from seeded synthetic
10-class logits (members confidently right, non-members less so), computes the reference's five
features from float32 softmax outputs as torch does (correctness, confidence, entropy, modified
entropy as Song and Mittal define it, and the whole probability vector), fits the reference's SVC
per feature and writes one CSV per feature: every shadow and target row with sklearn's prediction
and decision value. MiaSvcGoldenTest checks that fedspark's attacker agrees.

Run (Debian: apt-get install -y python3-sklearn; made with scikit-learn 1.2.1, numpy 1.24.2):
    cd federated/src/test/resources/io/fedspark/federated/unlearning/mia-svc && /usr/bin/python3 make_golden.py
"""
import numpy as np
import sklearn
from sklearn.svm import SVC

CLASSES = 10


def logits(rng, n, true_mean, true_std, other_std):
    z = rng.normal(0.0, other_std, size=(n, CLASSES))
    y = rng.integers(0, CLASSES, size=n)
    z[np.arange(n), y] += rng.normal(true_mean, true_std, size=n)
    return z.astype(np.float32), y


def softmax32(z):
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z, dtype=np.float32)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def features(p, y):
    n = len(y)
    rows = np.arange(n)
    py = p[rows, y]
    log_p = np.log(np.where(p > 0, p, np.float32(1e-30)))
    log_1mp = np.log(np.where(1 - p > 0, 1 - p, np.float32(1e-30)))
    entropy = -np.sum(np.where(p > 0, p * log_p, np.float32(0)), axis=1)
    # Song and Mittal: -(1 - p_y) log p_y - sum_{c != y} p_c log(1 - p_c)
    m = -p * log_1mp
    m[rows, y] = -(1 - py) * log_p[rows, y]
    return {
        "correctness": (np.argmax(p, axis=1) == y).astype(np.float32)[:, None],
        "confidence": py[:, None],
        "entropy": entropy.astype(np.float32)[:, None],
        "modified-entropy": m.sum(axis=1).astype(np.float32)[:, None],
        "probabilities": p,
    }


def main():
    rng = np.random.default_rng(20241207)
    sizes = {"member": 600, "non-member": 600, "target": 400}
    shapes = {"member": (6.0, 2.0, 1.0), "non-member": (3.5, 2.5, 1.2)}
    sets = {}
    for role in ("member", "non-member"):
        sets[role] = logits(rng, sizes[role], *shapes[role])
    # targets: half look like members, half like non-members (a forget set partly forgotten)
    a = logits(rng, sizes["target"] // 2, *shapes["member"])
    b = logits(rng, sizes["target"] // 2, *shapes["non-member"])
    sets["target"] = (np.concatenate([a[0], b[0]]), np.concatenate([a[1], b[1]]))
    feats = {role: features(softmax32(z), y) for role, (z, y) in sets.items()}
    for name in feats["member"]:
        # the probability vectors are 10 numbers per row: fewer rows keep the file small
        keep = {r: (n if name != "probabilities" else n // 3) for r, n in sizes.items()}
        xs = {r: feats[r][name][: keep[r]] for r in sizes}
        x_shadow = np.concatenate([xs["member"], xs["non-member"]])
        y_shadow = np.concatenate([np.ones(keep["member"]), np.zeros(keep["non-member"])])
        clf = SVC(C=3, gamma="auto", kernel="rbf")
        clf.fit(x_shadow, y_shadow)
        d = x_shadow.shape[1]
        with open(f"svc-golden-{name}.csv", "w") as out:
            out.write(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}: SVC(C=3, gamma='auto', "
                      f"kernel='rbf') on {keep['member']} members (label 1, first) and {keep['non-member']} "
                      f"non-members (label 0); {clf.n_support_.sum()} support vectors; made by make_golden.py\n")
            out.write("role,prediction,decision," + ",".join(f"f{j}" for j in range(d)) + "\n")
            for role in ("member", "non-member", "target"):
                x = xs[role]
                pred = clf.predict(x)
                dec = clf.decision_function(x)
                for i in range(len(x)):
                    out.write(f"{role},{int(pred[i])},{dec[i]:.5g}," + ",".join(f"{v:.9g}" for v in x[i]) + "\n")
        print(name, "efficacy on targets", 1 - clf.predict(xs["target"]).mean(), "support vectors", clf.n_support_)


if __name__ == "__main__":
    main()
