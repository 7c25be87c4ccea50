"""Safe publication from Python: the audit against brute force, publish_table always safe,
adversarial small tables, count_table against a direct count, errors, CSV and display.

Expectations come from an enumeration of every table a reader could reconstruct, or from the
reasoning written next to each case; none is a stored result.
"""
import math
import os
import random

import numpy as np
import pandas as pd
import pytest

from tokten._publish import (
    AuditReport,
    CountTable,
    PublishedTable,
    audit_table,
    count_table,
    publish_table,
)
from tokten._tables import TableError

T = "Total"


# --- brute force ------------------------------------------------------------------------------

def brute_ranges(values, withheld, cap, budget=50_000):
    """{(row, col): (lo, hi)} over every non-negative integer table that agrees with the published
    numbers, withheld cells below `cap`; row/col -1 for totals. None when over budget.

    `withheld` is a (rows+1) x (cols+1) bool array: cells, then the total column and total row.
    """
    v = np.asarray(values, dtype=np.int64)
    rows, cols = v.shape
    row_total, col_total, grand = v.sum(axis=1), v.sum(axis=0), int(v.sum())
    cells = [(i, j) for i in range(rows) for j in range(cols) if withheld[i, j]]
    row_pub = [not withheld[i, cols] for i in range(rows)]
    col_pub = [not withheld[rows, j] for j in range(cols)]
    grand_pub = not withheld[rows, cols]
    row_left = [int(row_total[i] - sum(v[i, j] for j in range(cols) if not withheld[i, j])) for i in range(rows)]
    col_left = [int(col_total[j] - sum(v[i, j] for i in range(rows) if not withheld[i, j])) for j in range(cols)]
    grand_left = [grand - sum(int(v[i, j]) for i in range(rows) for j in range(cols) if not withheld[i, j])]
    out = {}
    nodes = [0]
    x = [0] * len(cells)

    def note(key, value):
        lo, hi = out.get(key, (value, value))
        out[key] = (min(lo, value), max(hi, value))

    def leaf():
        if any(row_pub[i] and row_left[i] for i in range(rows)):
            return
        if any(col_pub[j] and col_left[j] for j in range(cols)):
            return
        if grand_pub and grand_left[0]:
            return
        table = v.copy()
        for (i, j), value in zip(cells, x):
            table[i, j] = value
            note((i, j), value)
        for i in range(rows):
            if not row_pub[i]:
                note((i, -1), int(table[i].sum()))
        for j in range(cols):
            if not col_pub[j]:
                note((-1, j), int(table[:, j].sum()))
        if not grand_pub:
            note((-1, -1), int(table.sum()))

    def dfs(k):
        nodes[0] += 1
        if nodes[0] > budget:
            raise OverflowError
        if k == len(cells):
            leaf()
            return
        i, j = cells[k]
        lo, hi = 0, cap
        last_row = all(c[0] != i for c in cells[k + 1:])
        last_col = all(c[1] != j for c in cells[k + 1:])
        if row_pub[i]:
            hi = min(hi, row_left[i])
            if last_row:
                lo = max(lo, row_left[i])
        if col_pub[j]:
            hi = min(hi, col_left[j])
            if last_col:
                lo = max(lo, col_left[j])
        if grand_pub:
            hi = min(hi, grand_left[0])
            if k + 1 == len(cells):
                lo = max(lo, grand_left[0])
        for value in range(lo, hi + 1):
            x[k] = value
            row_left[i] -= value
            col_left[j] -= value
            grand_left[0] -= value
            dfs(k + 1)
            row_left[i] += value
            col_left[j] += value
            grand_left[0] += value

    try:
        dfs(0)
    except OverflowError:
        return None
    return out


def random_case(rng, max_side=3):
    rows, cols = rng.randint(1, max_side), rng.randint(1, max_side)
    values = np.array([[0 if rng.random() < 0.3 else rng.randint(1, 3) for _ in range(cols)] for _ in range(rows)])
    experts = np.where(values == 0, np.where(np.array([[rng.random() < 0.8 for _ in range(cols)]
                                                      for _ in range(rows)]), 0, 2), 0)
    experts = experts + np.array([[rng.randint(0, 7) if values[i, j] else 0 for j in range(cols)]
                                  for i in range(rows)])
    return pd.DataFrame(values), pd.DataFrame(experts)


def key_of(row, col, rows, cols):
    """The brute force's (row, col) of an audit range's labels."""
    return (-1 if row == T else rows.index(row), -1 if col == T else cols.index(col))


def assert_matches_brute_force(values, withheld, report, budget=50_000):
    rows, cols = list(values.index), list(values.columns)
    cap = 4 * int(values.to_numpy().sum()) + 1  # vertices stay below the published sum (<= 4 x grand)
    brute = brute_ranges(values.to_numpy(), withheld, cap, budget)
    if brute is None:
        return False
    assert len(report.ranges) == int(withheld.sum()) == len(brute)
    for item in report.ranges.itertuples(index=False):
        lo, hi = brute[key_of(item.row, item.column, rows, cols)]
        assert item.lo == lo, (item, lo, hi)
        if math.isinf(item.hi):
            assert hi >= cap  # grew up to the cap: unbounded
        else:
            assert hi < cap and item.hi == hi, (item, lo, hi)
        assert item.protected == (hi >= cap or hi - lo >= item.required)
    return True


def withheld_of(published):
    return published.suppressed.to_numpy()


# --- the audit and publish_table against brute force ------------------------------------------

def test_audit_table_ranges_equal_brute_force_on_random_patterns():
    rng = random.Random(2027)
    compared = 0
    for _ in range(400):
        values, _experts = random_case(rng)
        rows, cols = values.shape
        withheld = np.zeros((rows + 1, cols + 1), dtype=bool)
        withheld[:rows, :cols] = [[rng.random() < 0.5 for _ in range(cols)] for _ in range(rows)]
        withheld[:rows, cols] = [rng.random() < 0.2 for _ in range(rows)]
        withheld[rows, :cols] = [rng.random() < 0.2 for _ in range(cols)]
        withheld[rows, cols] = rng.random() < 0.25
        mask = pd.DataFrame(~withheld, index=list(values.index) + [T], columns=list(values.columns) + [T])
        protection = rng.randint(1, 3)
        report = audit_table(values, mask, protection=protection)
        compared += assert_matches_brute_force(values, withheld, report)
        # Without expert counts only the widths count.
        assert report.safe == bool(report.ranges["protected"].all())
        assert len(report.failures) == int((~report.ranges["protected"]).sum())
    assert compared >= 390


def test_publish_table_is_always_safe_and_agrees_with_brute_force():
    rng = random.Random(11)
    compared = 0
    for trial in range(300):
        values, experts = random_case(rng, max_side=4)
        k = rng.randint(2, 7)
        protection = rng.choice([1, 1, 2, 3])
        cost = rng.choice(["value", "cells"])
        published = publish_table(values, experts, k=k, protection=protection, cost=cost)
        report = published.audit()
        assert report.safe, report.failures
        assert report.failures == [] and report.exposed.empty
        sensitive = (experts > 0) & (experts < k)
        # Primary exactly on the sensitive cells.
        cells = published.kind.iloc[:-1, :-1]
        assert ((cells == "primary") == sensitive).all().all()
        # The same pattern audited from outside gives the same report.
        outside = audit_table(values, ~published.suppressed, experts=experts, k=k, protection=protection)
        assert outside.safe
        pd.testing.assert_frame_equal(outside.ranges, report.ranges)
        if trial % 2 == 0:
            compared += assert_matches_brute_force(values, withheld_of(published), report, budget=10_000)
    assert compared >= 120


# --- adversarial small tables ------------------------------------------------------------------

def frame(rows):
    return pd.DataFrame(rows, index=[f"r{i}" for i in range(len(rows))],
                        columns=[f"c{j}" for j in range(len(rows[0]))])


def test_one_sensitive_cell_in_a_2x2_withholds_the_square_and_no_total():
    # With the totals published a withheld cell needs a partner in its row and in its column,
    # and they need the fourth cell: the square. All cells positive: one unit can move around
    # it, so no total is needed; the sensitive cell ranges over 3 - min(3, 12) .. 3 + min(10, 8).
    values, experts = frame([[3, 10], [8, 12]]), frame([[2, 9], [7, 11]])
    p = publish_table(values, experts)
    assert p.suppressed.iloc[:2, :2].all().all()
    assert not p.suppressed.iloc[2, :].any() and not p.suppressed.iloc[:, 2].any()
    assert p.kind.loc["r0", "c0"] == "primary"
    r = p.audit()
    first = r.ranges.iloc[0]
    assert (first.row, first.column, first.lo, first.hi) == ("r0", "c0", 0, 11)
    assert assert_matches_brute_force(values, withheld_of(p), r)


def test_a_sensitive_cell_alone_in_its_row_gets_a_partner():
    values = frame([[20, 15, 30], [9, 2, 11], [14, 25, 18]])
    experts = frame([[12, 9, 20], [8, 3, 10], [9, 15, 11]])
    p = publish_table(values, experts)
    assert p.kind.loc["r1", "c1"] == "primary"
    assert p.suppressed.loc["r1", ["c0", "c1", "c2"]].sum() >= 2  # else the row total gives it away
    assert p.audit().safe
    assert assert_matches_brute_force(values, withheld_of(p), p.audit())


def test_a_whole_sensitive_row():
    values = frame([[1, 2, 1], [10, 12, 9], [14, 8, 11]])
    experts = frame([[1, 1, 1], [8, 9, 7], [10, 6, 9]])
    p = publish_table(values, experts, row_experts=[3, 24, 25], col_experts=[19, 16, 17], total_experts=52)
    assert (p.kind.loc["r0", ["c0", "c1", "c2"]] == "primary").all()
    assert p.kind.loc["r0", T] == "primary"  # 3 experts < 5
    r = p.audit()
    assert r.safe
    assert assert_matches_brute_force(values, withheld_of(p), r)


def test_one_row_and_one_column_tables_withhold_the_totals_that_repeat_cells():
    # In a 1 x C table each column total is its cell: a withheld cell needs its column total
    # withheld, and a partner cell (with its column total) to keep the row total.
    values, experts = frame([[7, 2, 9, 6]]), frame([[6, 3, 8, 7]])
    p = publish_table(values, experts, col_experts=[6, 3, 8, 7])
    assert p.suppressed.loc[T, "c1"]
    assert p.suppressed.loc["r0", ["c0", "c1", "c2", "c3"]].sum() >= 2
    assert p.audit().safe
    assert assert_matches_brute_force(values, withheld_of(p), p.audit())

    column = values.T.rename(index=lambda c: c.replace("c", "r"), columns={"r0": "c0"})
    p = publish_table(column, experts.T.set_axis(column.index).set_axis(column.columns, axis=1))
    assert p.suppressed.loc["r1", T]
    assert p.audit().safe
    assert assert_matches_brute_force(column, withheld_of(p), p.audit())


def test_a_1x1_table_withholds_everything():
    # One cell: its row, column and grand totals are the cell.
    p = publish_table(frame([[3]]), frame([[2]]))
    assert p.suppressed.all().all()
    r = p.audit()
    assert r.safe and math.isinf(r.ranges.loc[0, "hi"]) and r.ranges.loc[0, "lo"] == 0


def test_all_cells_sensitive_totals_published():
    values = frame([[2, 3, 1], [4, 2, 2], [1, 3, 5]])
    experts = frame([[2, 3, 1], [4, 2, 2], [1, 3, 4]])
    p = publish_table(values, experts, row_experts=[6, 8, 8], col_experts=[7, 8, 7], total_experts=22)
    assert (p.kind.iloc[:3, :3] == "primary").all().all()
    # Positive cells form cycles among themselves: the totals stay.
    assert not p.suppressed.loc[T].any() and not p.suppressed[T].any()
    assert assert_matches_brute_force(values, withheld_of(p), p.audit())


def test_zeros():
    zeros = frame([[0, 0, 0], [0, 0, 0], [0, 0, 0]])
    p = publish_table(zeros, zeros)  # structural zeros: nothing sensitive
    assert not p.suppressed.any().any()
    assert (p.table == 0).all().all()
    # A sensitive zero among zeros: every published total over it is 0 and pins it, so its row,
    # column and grand totals go, and then nothing bounds it.
    experts = zeros.copy()
    experts.loc["r1", "c1"] = 2
    p = publish_table(zeros, experts)
    assert p.suppressed.loc["r1", T] and p.suppressed.loc[T, "c1"] and p.suppressed.loc[T, T]
    r = p.audit()
    assert r.safe
    assert math.isinf(r.ranges.set_index(["row", "column"]).loc[("r1", "c1"), "hi"])
    assert assert_matches_brute_force(zeros, withheld_of(p), r)


def test_a_grand_total_of_fewer_than_k_experts():
    values, experts = frame([[2, 0, 1], [1, 3, 0]]), frame([[1, 0, 1], [1, 2, 0]])
    p = publish_table(values, experts, row_experts=[2, 2], col_experts=[2, 2, 1], total_experts=3)
    assert p.kind.loc[T, T] == "primary"
    r = p.audit()
    assert r.safe
    # Three experts in all: every number counting anyone is sensitive, so every total goes, and
    # with no published total over them the withheld numbers are bounded by nothing but 0.
    assert p.suppressed.loc[T].all() and p.suppressed[T].all()
    assert (r.ranges.lo == 0).all() and np.isinf(r.ranges.hi).all()
    # The grand total withheld alone is the sum of the published row totals.
    mask = pd.DataFrame(True, index=list(values.index) + [T], columns=list(values.columns) + [T])
    mask.loc[T, T] = False
    alone = audit_table(values, mask)
    assert not alone.safe
    assert alone.failures == ["the grand total = 7 is withheld but a reader can narrow it to [7, 7] "
                              "(width 0, 1 required)"]


def test_the_audit_names_a_published_sensitive_number_and_a_pinned_one():
    values, experts = frame([[3, 10], [8, 12]]), frame([[2, 9], [7, 11]])
    mask = pd.DataFrame([[True, True], [True, True]], index=values.index, columns=values.columns)
    report = audit_table(values, mask, experts=experts)
    assert not report.safe
    assert report.failures == ["cell ('r0', 'c0') counts 2 distinct experts (fewer than k = 5) but is published"]
    assert report.exposed.to_dict("records") == [{"row": "r0", "column": "c0", "value": 3}]
    mask.loc["r0", :] = False  # the row pair alone: the column totals pin both
    report = audit_table(values, mask, experts=experts)
    assert not report.safe and report.exposed.empty
    assert report.failures[0] == ("cell ('r0', 'c0') = 3 is withheld but a reader can narrow it to "
                                  "[3, 3] (width 0, 1 required)")


def test_protection_and_ratio_are_met():
    rng = random.Random(5)
    for _ in range(60):
        values, experts = random_case(rng, max_side=4)
        values = values * 5
        p = publish_table(values, experts, protection=3, protection_ratio=0.5)
        ranges = p.audit().ranges
        need = np.maximum(3, np.where(ranges.sensitive, np.ceil(0.5 * ranges.value), 0))
        assert (ranges.required == need).all()
        assert (ranges.width >= ranges.required).all()


def test_deterministic():
    rng = random.Random(3)
    values = pd.DataFrame([[rng.randint(0, 30) for _ in range(8)] for _ in range(8)])
    experts = pd.DataFrame([[rng.randint(0, 9) for _ in range(8)] for _ in range(8)])
    a = publish_table(values, experts)
    b = publish_table(values.copy(), experts.copy())
    pd.testing.assert_frame_equal(a.kind, b.kind)
    assert a.audit().safe


# --- count_table -------------------------------------------------------------------------------

def missions_frame():
    return pd.DataFrame({
        "region": ["Kayes", "Kayes", "Kayes", "Mopti", "Mopti", "Sikasso", "Sikasso"],
        "sector": ["health", "health", "education", "health", "education", "health", "health"],
        "expert": ["e1", "e1", "e1", "e2", "e3", "e4", "e5"],
        "trained": [10, 5, 7, 3, 0, 8, 2],
    })


def test_count_table_counts_missions_and_distinct_experts():
    m = missions_frame()
    values, experts, row_experts, col_experts, total = count_table(m, "region", "sector")
    # Direct count, row by row.
    for (region, sector), group in m.groupby(["region", "sector"]):
        assert values.loc[region, sector] == len(group)
        assert experts.loc[region, sector] == len(set(group.expert))
    assert values.loc["Mopti", "health"] == 1 and values.loc["Sikasso", "education"] == 0
    # e1 works in two Kayes cells: counted once in the row and in the total.
    assert row_experts["Kayes"] == 1 and experts.loc["Kayes"].sum() == 2
    assert col_experts["health"] == 4 and total == 5
    assert list(values.index) == ["Kayes", "Mopti", "Sikasso"] and values.index.name == "region"
    assert list(values.columns) == ["education", "health"] and values.columns.name == "sector"
    counts = count_table(m, "region", "sector", value="trained")
    assert isinstance(counts, CountTable)
    assert counts.values.loc["Kayes", "health"] == 15 and counts.values.to_numpy().sum() == m.trained.sum()


def test_count_table_keeps_unused_categories_and_feeds_publish_table():
    m = missions_frame()
    m["region"] = pd.Categorical(m.region, categories=["Gao", "Kayes", "Mopti", "Sikasso"])
    counts = count_table(m, "region", "sector")
    assert list(counts.values.index) == ["Gao", "Kayes", "Mopti", "Sikasso"]
    assert counts.values.loc["Gao"].sum() == 0 and counts.row_experts["Gao"] == 0
    p = publish_table(counts, k=2)
    assert p.audit().safe
    # A single expert behind Kayes: every Kayes number counting anyone is sensitive.
    assert p.kind.loc["Kayes", T] == "primary"


def test_count_table_errors_name_the_row_and_column():
    m = missions_frame()
    with pytest.raises(TableError, match="no column 'district'"):
        count_table(m, "district", "sector")
    bad = m.copy()
    bad.loc[3, "expert"] = None
    with pytest.raises(TableError, match="row 3, column 'expert': missing value") as info:
        count_table(bad, "region", "sector")
    assert info.value.row == 3 and info.value.column == "expert"
    bad = m.copy()
    bad["trained"] = bad.trained.astype(float)
    bad.loc[2, "trained"] = 2.5
    with pytest.raises(TableError, match="row 2, column 'trained': expected a whole number >= 0, got 2.5"):
        count_table(bad, "region", "sector", value="trained")
    with pytest.raises(TypeError):
        count_table([1, 2], "region", "sector")
    with pytest.raises(ValueError, match="both 'region'"):
        count_table(m, "region", "region")
    empty = count_table(m.iloc[:0], "region", "sector")
    assert empty.values.shape == (0, 0) and empty.total_experts == 0
    assert publish_table(empty).audit().safe


# --- inputs, options, output -------------------------------------------------------------------

def test_input_errors():
    values, experts = frame([[3, 10], [8, 12]]), frame([[2, 9], [7, 11]])
    bad = values.astype(object)
    bad.loc["r1", "c0"] = -1
    with pytest.raises(TableError, match="values, row 'r1', column 'c0': expected a whole number >= 0, got -1"):
        publish_table(bad, experts)
    bad = values.astype(float)
    bad.loc["r0", "c1"] = np.nan
    with pytest.raises(TableError, match="row 'r0', column 'c1': missing value"):
        publish_table(bad, experts)
    with pytest.raises(TableError, match="experts lacks column 'c1'"):
        publish_table(values, experts[["c0"]])
    with pytest.raises(TableError, match="labelled 'Total'"):
        publish_table(values.rename(index={"r1": "Total"}), experts.rename(index={"r1": "Total"}))
    with pytest.raises(TableError, match="row 'r0' counts 1 distinct experts, but its cells need between 9 and 11"):
        publish_table(values, experts, row_experts={"r0": 1, "r1": 12})
    with pytest.raises(TableError, match="total_experts"):
        publish_table(values, experts, total_experts=1000)
    with pytest.raises(TableError, match="appears more than once"):
        publish_table(values.set_axis(["a", "a"]), experts)
    with pytest.raises(ValueError, match="k must be"):
        publish_table(values, experts, k=0)
    with pytest.raises(ValueError, match="protection must be"):
        publish_table(values, experts, protection=0)
    with pytest.raises(ValueError, match="cost must be"):
        publish_table(values, experts, cost="cheap")
    with pytest.raises(TypeError, match="needs experts"):
        publish_table(values)
    # Experts aligned by label, not by position.
    shuffled = experts.loc[["r1", "r0"], ["c1", "c0"]]
    pd.testing.assert_frame_equal(publish_table(values, shuffled).kind, publish_table(values, experts).kind)


def test_audit_table_mask_shapes_and_errors():
    values = frame([[3, 10], [8, 12]])
    cells_only = pd.DataFrame(False, index=values.index, columns=values.columns)  # all cells withheld
    r = audit_table(values, cells_only)
    assert r.safe and len(r.ranges) == 4
    with pytest.raises(TableError, match="published_mask lacks row 'r1'"):
        audit_table(values, cells_only.iloc[:1])
    bad = cells_only.astype(object)
    bad.loc["r0", "c0"] = "yes"
    with pytest.raises(TableError, match="published_mask, row 'r0', column 'c0': expected True or False"):
        audit_table(values, bad)
    with pytest.raises(ValueError, match="need experts"):
        audit_table(values, cells_only, row_experts=[1, 2])


def test_marker_table_and_csv(tmp_path):
    values, experts = frame([[3, 10], [8, 12]]), frame([[2, 9], [7, 11]])
    p = publish_table(values, experts)
    assert p.table.loc["r0", "c0"] == "x" and p.table.loc[T, T] == 33
    assert p.table.shape == (3, 3) and p.suppressed.shape == (3, 3)
    na = publish_table(values, experts, marker=None)
    assert na.table.loc["r0", "c0"] is pd.NA and na.table.loc["r0", T] == 13
    custom = publish_table(values, experts, marker="..", total_label="All")
    assert custom.table.loc["r1", "c1"] == ".." and custom.table.loc["All", "All"] == 33
    path = tmp_path / "published.csv"
    path.write_text("old\n")
    p.to_csv(path, sep=";")
    text = path.read_text()
    assert text.splitlines()[0] == ";c0;c1;Total" and "r0;x;x;13" in text
    back = pd.read_csv(path, sep=";", index_col=0)
    assert back.loc["Total", "Total"] == 33
    assert not [f for f in os.listdir(tmp_path) if f != "published.csv"]  # no temporary left
    with pytest.raises(OSError):
        p.to_csv(tmp_path / "missing" / "x.csv")


def test_display():
    values, experts = frame([[3, 10], [8, 12]]), frame([[2, 9], [7, 11]])
    p = publish_table(values, experts)
    assert isinstance(p, PublishedTable)
    assert repr(p) == "<PublishedTable 2 x 2, k = 5: 1 primary and 3 complementary suppressions>"
    html = p._repr_html_()
    assert "<table" in html and "1 sensitive numbers withheld" in html
    report = p.audit()
    assert isinstance(report, AuditReport)
    assert repr(report) == "<AuditReport safe, 4 withheld numbers>"
    assert "Safe to publish" in report._repr_html_()
    bad = audit_table(values, pd.DataFrame(True, index=values.index, columns=values.columns), experts=experts)
    assert "NOT safe: 1 problem(s)" in repr(bad) and "published" in bad._repr_html_()
