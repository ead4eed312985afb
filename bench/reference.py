#!/usr/bin/env python3
"""The reference consolidation a technically skilled officer would write with pandas.

Reads every sheet of every report in a folder, sums the indicators per code (rates from the
summed parts), and writes one workbook. No validation beyond what pandas needs to add up.

    python bench/reference.py REPORTS_DIR OUT.xlsx
"""
import glob
import os
import sys

import pandas as pd


def table(df, first):
    """The table under the header row whose first cell is `first` (title rows above it)."""
    col0 = df.iloc[:, 0].astype(str).str.strip()
    start = col0[col0 == first].index[0]
    out = df.iloc[start + 1 :].copy()
    out.columns = [str(c).strip() for c in df.iloc[start]]
    return out.dropna(how="all")


def number(v):
    """Numbers as offices type them: 1234, "1.234", "12,5", "Có"/"Không"."""
    if isinstance(v, (int, float)):
        return float(v)
    s = str(v).strip()
    if s.lower() in ("có", "co"):
        return 1.0
    if s.lower() in ("không", "khong"):
        return 0.0
    try:
        return float(s.replace(".", "").replace(",", "."))
    except ValueError:
        return float("nan")


def main(folder, out):
    infos, tasks, values, recs, models = [], [], [], [], []
    for path in sorted(glob.glob(os.path.join(folder, "**", "*.xlsx"), recursive=True)):
        if os.path.basename(path).startswith("~$"):
            continue
        sheets = pd.read_excel(path, sheet_name=None, header=None, engine="openpyxl")
        info = sheets["Thông tin"].dropna(how="all")
        fields = {str(k).strip().rstrip(":"): v for k, v in zip(info.iloc[:, 0], info.iloc[:, 1])}
        unit = fields.get("Mã đơn vị")
        if not isinstance(unit, str) or not unit.strip():
            unit = fields.get("Tên đơn vị")
        fields["Tệp"] = os.path.basename(path)
        infos.append(fields)
        for name, first, bucket in (
            ("Nhiệm vụ", "Mã", tasks),
            ("Chỉ tiêu", "Mã", values),
            ("Kiến nghị", "STT", recs),
            ("Mô hình", "STT", models),
        ):
            if name in sheets:
                t = table(sheets[name], first)
                t.insert(0, "Đơn vị", unit)
                bucket.append(t)

    values = pd.concat(values, ignore_index=True)
    values["Số liệu"] = values["Số liệu"].map(number)
    totals = values.groupby(["Mã", "Chỉ tiêu", "Đơn vị tính"], sort=False)["Số liệu"].agg(["sum", "count"])
    totals = totals.rename(columns={"sum": "Tổng", "count": "Số đơn vị báo cáo"}).reset_index()
    by_code = dict(zip(totals["Mã"], totals["Tổng"]))
    rates = []
    for code, num, den in (
        ("TL_DUNGHAN", "TTHC_DUNGHAN", "TTHC_TIEPNHAN"),
        ("TL_TRUCTUYEN", "TTHC_TRUCTUYEN", "TTHC_TIEPNHAN"),
        ("TL_HAILONG", "KS_HAILONG", "KS_PHIEU"),
        ("TL_GIAIQUYET", "DON_GIAIQUYET", "DON_THAMQUYEN"),
    ):
        d = by_code.get(den, 0)
        rates.append({"Mã": code, "Tỷ lệ (%)": round(100 * by_code.get(num, 0) / d, 2) if d else None})
    wide = values.pivot_table(index="Đơn vị", columns="Mã", values="Số liệu", aggfunc="sum")

    with pd.ExcelWriter(out, engine="openpyxl") as w:
        totals.to_excel(w, sheet_name="Tổng hợp", index=False)
        pd.DataFrame(rates).to_excel(w, sheet_name="Tỷ lệ", index=False)
        pd.DataFrame(infos).to_excel(w, sheet_name="Đơn vị", index=False)
        wide.to_excel(w, sheet_name="Chỉ tiêu theo đơn vị")
        pd.concat(tasks, ignore_index=True).to_excel(w, sheet_name="Nhiệm vụ", index=False)
        pd.concat(recs, ignore_index=True).to_excel(w, sheet_name="Kiến nghị", index=False)
        pd.concat(models, ignore_index=True).to_excel(w, sheet_name="Mô hình", index=False)
    print(f"{len(infos)} files, {len(values)} indicator rows")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
