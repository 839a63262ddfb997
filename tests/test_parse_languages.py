"""Drafts written in other languages keep the OKR skeleton: their labels and table columns read like English ones.

Each draft is written for the test in the shape teams use in that language; the words come from
`coach.parse.labels`, so a failure here names a label word or a layout the table lacks.
"""

from __future__ import annotations

import pytest

from coach.parse.labels import header_to_english, to_english
from tests.support.parsing import structure


LAYOUTS = {
    "spanish-labels": (
        """# OKR T3 2026

## Objetivo 1: Que cada cliente nuevo llegue a su primer pedido
### Resultados clave
- Tasa de activación del 30% al 45%
- Tiempo hasta el primer pedido de 9 a 4 días

## Objetivo 2: Reducir el trabajo manual del equipo de soporte
### Resultados clave
- Tickets resueltos sin intervención del 10% al 25%
""",
        [("Que cada cliente nuevo llegue a su primer pedido",
          ["Tasa de activación del 30% al 45%", "Tiempo hasta el primer pedido de 9 a 4 días"]),
         ("Reducir el trabajo manual del equipo de soporte", ["Tickets resueltos sin intervención del 10% al 25%"])]),
    "french-numbered-labels-with-spaced-colon": (
        """Objectif 1 : Rendre la facturation fiable
Résultat clé 1 : Erreurs de facture de 4% à 1%
Résultat clé 2 : Litiges clients divisés par deux
""",
        [("Rendre la facturation fiable", ["Erreurs de facture de 4% à 1%", "Litiges clients divisés par deux"])]),
    "chinese-code-span-ids": (
        """**我们要达成的目标**

- `O-1` **提升部署效率**
  - `KR-1-1` 部署时间从 30 分钟降到 10 分钟
  - `KR-1-2` 回滚成功率达到 99%
- `O-2` **降低运维成本**
  - `KR-2-1` 每月云费用降低 20%
""",
        [("提升部署效率", ["部署时间从 30 分钟降到 10 分钟", "回滚成功率达到 99%"]),
         ("降低运维成本", ["每月云费用降低 20%"])]),
    "chinese-numeral-label-full-width-colon": (
        """目标一：让新用户第一周就用起来
关键结果：
1. 首周留存率从 35% 提高到 50%
2. 新手引导完成率达到 80%
""",
        [("让新用户第一周就用起来", ["首周留存率从 35% 提高到 50%", "新手引导完成率达到 80%"])]),
    "japanese-o-and-kr-headings-with-purpose-and-actions": (
        """# 2026年 6月 OKR

## 目的
- チームの学習を習慣にする

## O
- 設計の基礎を身につける
## KR
- 設計レビューを月に4回受ける
- 社内勉強会で2回発表する

# アクション項目
- 毎週金曜日に振り返り
""",
        [("設計の基礎を身につける", ["設計レビューを月に4回受ける", "社内勉強会で2回発表する"])]),
    "label-with-gloss-then-paragraph-and-id-table": (
        """## 1. Objective (Mục tiêu)

**Giúp khách hàng đặt lịch nhanh hơn.**

## 2. Key Results (Kết quả then chốt)

| Key Result | Loại | Nội dung |
|---|---|---|
| **KR1** | Leading<br>*(hành vi)* | Có ít nhất 120 người dùng đặt lịch thành công |
| **KR2** | Lagging | Tỷ lệ hủy lịch giảm từ 20% xuống 10% |
""",
        [("Giúp khách hàng đặt lịch nhanh hơn.",
          ["Có ít nhất 120 người dùng đặt lịch thành công", "Tỷ lệ hủy lịch giảm từ 20% xuống 10%"])]),
    "chinese-kr-table-with-current-and-target-columns": (
        """### O1：成为开发者首选的工具
| KR | 当前 | 目标 | 期限 |
|----|------|------|------|
| KR1.1 周活跃开发者 | 1,200 | 5,000 | 6月 |
| KR1.2 插件数量 | 40 | 100 | 9月 |
""",
        [("成为开发者首选的工具", ["周活跃开发者 from 1,200 to 5,000 by 6月", "插件数量 from 40 to 100 by 9月"])]),
    "chinese-enumeration-comma-and-label-without-space": (
        """O1:新用户首月留存提高
KR1:首月留存率从 20% 提高到 30%
KR2:新手任务完成率达到 60%

目标二：降低客服压力
1、工单量每月减少 15%
2、机器人解决率从 10% 提高到 25%
""",
        [("新用户首月留存提高", ["首月留存率从 20% 提高到 30%", "新手任务完成率达到 60%"]),
         ("降低客服压力", ["工单量每月减少 15%", "机器人解决率从 10% 提高到 25%"])]),
    "label-named-by-an-english-gloss": (
        """## 1. Mục Tiêu Cốt Lõi (Objective)

Giúp cố vấn nắm rõ tiến độ của từng sinh viên

## 2. Kết quả then chốt

- Tỷ lệ sinh viên được liên hệ sớm từ 30% lên 60%
""",
        [("Giúp cố vấn nắm rõ tiến độ của từng sinh viên", ["Tỷ lệ sinh viên được liên hệ sớm từ 30% lên 60%"])]),
    "full-width-labels-and-bar-separators": (
        """## O｜年底前达到 1,000 位付费用户
### ＫＲ１｜曝光量从每月 1,400 提高到 20,000
### KR-2｜下载转化率从 1.8% 提高到 4%
""",
        [("年底前达到 1,000 位付费用户", ["曝光量从每月 1,400 提高到 20,000", "下载转化率从 1.8% 提高到 4%"])]),
}


@pytest.mark.parametrize("name", sorted(LAYOUTS))
def test_layout_reads_its_objectives_and_key_results(name: str) -> None:
    text, expected = LAYOUTS[name]
    assert structure(text) == expected


def test_german_tracker_export_columns() -> None:
    csv_text = ("Typ,Titel,Übergeordnet\n"
                "Ziel,Schneller liefern,\nSchlüsselergebnis,Durchlaufzeit von 12 auf 5 Tage,Schneller liefern\n")
    assert structure(csv_text, "export.csv") == [("Schneller liefern", ["Durchlaufzeit von 12 auf 5 Tage"])]


@pytest.mark.parametrize("prose", ["Ziel ist es, schneller zu liefern", "目标达成率很高", "Meta description",
                                   "Objetivos claros ayudan al equipo"])
def test_prose_that_starts_with_a_label_word_is_not_a_label(prose: str) -> None:
    assert to_english(prose) == prose


@pytest.mark.parametrize(("cell", "name"), [("Zielwert", "target"), ("当前", "current"), ("Fecha límite", "deadline"),
                                            ("Resultados clave", "Key Results"), ("Objetivo", "Objective")])
def test_header_words(cell: str, name: str) -> None:
    assert header_to_english(cell) == name
