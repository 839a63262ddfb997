"""Label words of other languages, mapped to the English labels the readers know.

Teams write OKRs in their own language but keep the same skeleton: 'Objetivo 1:', 'Résultats clés',
'目标一：', 'KR-1-1'. The readers match English labels only, so a line that starts with a label word from
this table gets the English word instead (`to_english`), and everything after the label stays as written.
The table is data: adding a language means adding its words here, nothing else. Findings are still shown
for English drafts only (`coach.parse.language`); this is so the structure of any draft reads right.
"""

from __future__ import annotations

import re

from coach import regex_cache

#: English label -> the words used for it, lower case. Plural forms are separate entries so the readers
#: still see 'Objectives' (a list header) apart from 'Objective' (one objective).
LABEL_WORDS: dict[str, tuple[str, ...]] = {
    "Objectives": ("objetivos", "objectifs", "ziele", "obiettivi", "doelen", "doelstellingen", "cele",
                   "hedefler", "цели", "mục tiêu chính", "mål"),
    "Objective": ("objetivo", "objectif", "ziel", "obiettivo", "doel", "doelstelling", "cel", "hedef", "amaç",
                  "tujuan", "sasaran", "mục tiêu", "цель", "ціль", "目标", "目標", "목표", "هدف", "cíl"),
    "Key Results": ("resultados clave", "resultados-chave", "resultados chave", "résultats clés", "résultats-clés",
                    "schlüsselergebnisse", "risultati chiave", "kernresultaten", "sleutelresultaten",
                    "kluczowe rezultaty", "kluczowe wyniki", "anahtar sonuçlar", "hasil utama", "kết quả then chốt",
                    "kết quả chính", "ключевые результаты", "ключові результати", "关键结果", "關鍵結果", "关键成果", "關鍵成果", "主要な結果",
                    "成果指標", "핵심 결과", "핵심결과", "نتایج کلیدی", "nyckelresultat", "klíčové výsledky"),
    "Key Result": ("resultado clave", "resultado-chave", "resultado chave", "résultat clé", "résultat-clé",
                   "schlüsselergebnis", "risultato chiave", "kernresultaat", "sleutelresultaat", "kluczowy rezultat",
                   "kluczowy wynik", "anahtar sonuç", "ключевой результат", "ключовий результат", "نتیجه کلیدی",
                   "klíčový výsledek"),
    "Initiatives": ("iniciativas", "initiativen", "maßnahmen", "massnahmen", "iniziative",
                    "initiatieven", "inicjatywy", "girişimler", "inisiatif", "sáng kiến", "инициативы", "ініціативи",
                    "举措", "关键举措", "關鍵舉措", "施策", "이니셔티브", "اقدامات", "acciones", "tareas", "ações", "tarefas",
                    "aufgaben", "azioni", "acties", "taken", "zadania", "görevler", "行动项", "行动计划", "行動項目",
                    "アクション項目", "アクション", "タスク", "실행 과제", "hành động", "задачи"),
    "Notes": ("notas", "remarques", "notizen", "anmerkungen", "opmerkingen", "uwagi", "notlar", "catatan",
              "ghi chú", "примечания", "备注", "備註", "備考", "メモ", "비고", "یادداشت"),
    "Purpose": ("propósito", "propósitos", "finalidade", "zweck", "scopo", "目的", "목적", "mục đích", "назначение"),
    "Vision": ("visión", "visão", "visione", "visie", "wizja", "vizyon", "visi", "tầm nhìn", "видение",
               "愿景", "願景", "ビジョン", "비전", "چشم‌انداز"),
    "Mission": ("misión", "missão", "missione", "missie", "misja", "misyon", "misi", "sứ mệnh", "миссия",
                "使命", "ミッション", "미션", "مأموریت"),
    "Background": ("contexto", "contexte", "hintergrund", "contesto", "achtergrond", "kontekst", "arka plan",
                   "latar belakang", "bối cảnh", "контекст", "背景", "배경", "پیش‌زمینه"),
}

#: Column names of OKR tables, whole cells only: a table header says 'current' and 'target' in its own language.
HEADER_WORDS: dict[str, tuple[str, ...]] = {
    "current": ("当前", "当前值", "现状", "現状", "現在", "valor actual", "situación actual", "valor atual", "atual",
                "valeur actuelle", "actuel", "aktuell", "istwert", "ist", "attuale", "huidig", "obecnie",
                "hiện tại", "текущее", "현재"),
    "baseline": ("基线", "基準", "ベースライン", "línea base", "linea base", "valor inicial", "linha de base",
                 "référence", "valeur de départ", "ausgangswert", "basiswert", "valore iniziale", "nulmeting",
                 "wartość bazowa", "cơ sở", "базовое значение", "기준"),
    "target": ("目标值", "目標値", "meta", "valor objetivo", "valor meta", "cible", "valeur cible", "zielwert", "soll",
               "valore obiettivo", "streefwaarde", "doelwaarde", "wartość docelowa", "chỉ tiêu", "целевое значение",
               "목표치"),
    "deadline": ("期限", "截止日期", "截止", "期日", "fecha límite", "plazo", "prazo", "échéance", "date limite", "frist",
                 "termin", "fälligkeit", "scadenza", "deadline", "termijn", "hạn", "thời hạn", "срок", "기한"),
    "owner": ("负责人", "責任者", "担当", "担当者", "responsable", "responsável", "verantwortlich", "zuständig",
              "responsabile", "eigenaar", "właściciel", "người phụ trách", "ответственный", "담당자"),
    "type": ("typ", "tipo", "类型", "類型", "種類", "タイプ", "loại", "тип", "유형"),
    "title": ("titel", "título", "titre", "titolo", "标题", "標題", "タイトル", "tiêu đề", "название", "제목"),
    "parent": ("übergeordnet", "padre", "pai", "parent", "上级", "父级", "親", "cha", "родитель", "상위"),
    "status": ("状态", "状況", "ステータス", "estado", "statut", "zustand", "stato", "trạng thái", "статус", "상태"),
    "description": ("描述", "说明", "說明", "説明", "内容", "descripción", "descrição", "beschreibung", "descrizione",
                    "beschrijving", "opis", "mô tả", "описание", "설명", "açıklama"),
    "weight": ("权重", "權重", "重み", "ウェイト", "peso", "poids", "gewicht", "gewichtung", "waga", "trọng số", "вес",
               "가중치"),
    "progress": ("进度", "進度", "进展", "進捗", "progreso", "progresso", "progrès", "fortschritt", "voortgang",
                 "postęp", "tiến độ", "прогресс", "진행률"),
}
_HEADER_TO_NAME = {word: name for name, words in HEADER_WORDS.items() for word in words}

_CJK_NUMERALS = {"一": "1", "二": "2", "三": "3", "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9",
                 "十": "10"}


def _is_spaced(word: str) -> bool:
    """Words of scripts written with spaces need a word boundary after them; CJK words do not."""
    return not any("\u3040" <= ch <= "\u9fff" or "\uac00" <= ch <= "\ud7af" for ch in word)


def _alternation(words) -> str:
    return "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in sorted(words, key=len, reverse=True))


_WORD_TO_LABEL = {word: label for label, words in LABEL_WORDS.items() for word in words}
_SPACED = [word for word in _WORD_TO_LABEL if _is_spaced(word)]
_UNSPACED = [word for word in _WORD_TO_LABEL if not _is_spaced(word)]
#: A label ends the way an English one does: the end of the line, a colon, a dash, a bracket or a number
#: ('Objetivo 1', 'Objetivo O1'), so prose that starts with the same word ('Ziel ist es ...') stays prose. A CJK
#: word is followed by a number, a numeral, punctuation or the end, so '目标达成率' (prose) is not a label.
_LABEL_RE = regex_cache.compile(
    rf"(?P<spaced>{_alternation(_SPACED)})(?=\s*(?:$|[:.)\]\-–—#(\d]|(?-i:O|KR)\s?-?\d))"
    rf"|(?P<unspaced>{_alternation(_UNSPACED)})(?P<numeral>[一二三四五六七八九十])?(?=$|[\W\d_])",
    re.IGNORECASE,
)
_FIRST_CHARS = frozenset(word[0] for word in _WORD_TO_LABEL) | frozenset(word[0].upper() for word in _SPACED)
#: How a line that _LABEL_RE matches starts: the first (up to) three letters of a label word, before any space
#: (the pattern writes a space as ``\s+``), by length. A label is matched at the start of the line, so the
#: line, lower-cased, starts with one of them; most lines ('Increase ...', 'Launch ...') start with none,
#: and a set lookup spares them the pattern's 170-word alternation.
_PREFIXES_BY_LENGTH = tuple(
    (n, frozenset(prefix for prefix in {word.split(" ")[0][:3] for word in _WORD_TO_LABEL} if len(prefix) == n))
    for n in (1, 2, 3))
#: What IGNORECASE matches beyond lower(): 'İ', 'ı', 'ſ' and the Kelvin sign fold to ASCII letters.
_FOLDED = str.maketrans({"\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"})


def _may_start_label(text: str) -> bool:
    """False when no label word starts ``text`` (so _LABEL_RE cannot match it)."""
    head = text[:3].translate(_FOLDED).lower()
    return any(head[:n] in prefixes for n, prefixes in _PREFIXES_BY_LENGTH)


def to_english(text: str) -> str:
    """'Objetivo 2: Crecer' -> 'Objective 2: Crecer'; '目标一: 降低' -> 'Objective 1: 降低'; other text unchanged."""
    if not text or text[0] not in _FIRST_CHARS or not _may_start_label(text):
        return text
    match = _LABEL_RE.match(text)
    if match is None:
        return text
    word = " ".join((match.group("spaced") or match.group("unspaced")).lower().split())
    label = _WORD_TO_LABEL[word]
    numeral = match.group("numeral")
    rest = text[match.end():]
    if numeral:
        return f"{label} {_CJK_NUMERALS[numeral]}{rest}"
    return f"{label}{' ' if rest[:1].isdigit() else ''}{rest}"


def header_to_english(cell: str) -> str:
    """A table's column name in English: 'Zielwert' -> 'target', 'Resultados clave' -> 'Key Results'."""
    name = _HEADER_TO_NAME.get(" ".join(cell.lower().split()))
    return name if name is not None else to_english(cell)
