"""The words of scanning: guidance while framing, advice about a page, modes, formats.

The scan pipeline (drivers/camera) says what it sees with codes; this is the
one place that turns them into plain Chinese for citizens and clerks (the
CLI prints the same words).
"""

from __future__ import annotations

from drivers.camera.codes import Hint, Issue, IssueCode, Mode, PageKind
from widgets.i18n import N_, tr

HINTS: dict[Hint, str] = {
    Hint.NO_PAGE: N_("请把材料平放在画面中间"),
    Hint.UNSURE: N_("看不清材料边缘：请换到颜色深一些的桌面，或直接点“拍摄”后拖动四个角"),
    Hint.OUT_OF_FRAME: N_("材料超出画面：请把整张材料移到画面中间"),
    Hint.TOO_SMALL: N_("材料太小：请放近一些或把材料摆正"),
    Hint.HOLD_STILL: N_("找到材料了，请保持不动……"),
    Hint.TOO_DARK: N_("光线太暗：请打开照明或换到亮一些的地方"),
    Hint.GLARE: N_("材料上有反光：请稍微倾斜材料或挡住上方的灯光"),
    Hint.HAND: N_("手在材料上：请把手移开"),
    Hint.OBJECT: N_("材料上有物品：请拿开笔、手机等物品"),
    Hint.BLURRED: N_("画面模糊：请保持不动，等画面清晰"),
    Hint.READY: N_("正在拍摄……"),
    Hint.CAPTURED: N_("已拍好这一页。请换下一页，或选择下一份材料"),
}

ISSUES: dict[IssueCode, str] = {
    IssueCode.BLURRED: N_("照片模糊，文字可能看不清，建议重拍"),
    IssueCode.GLARE: N_("照片上有反光，部分内容可能被遮住，建议调整角度后重拍"),
    IssueCode.TOO_DARK: N_("照片太暗，建议打开照明后重拍"),
    IssueCode.OUT_OF_FRAME: N_("材料有一部分在画面外，请检查四个角是否都拍到了"),
    IssueCode.TOO_SMALL: N_("材料在画面中太小，文字可能看不清，建议放近一些重拍"),
    IssueCode.HAND: N_("手在页面上，可能挡住了内容，请移开手后重拍"),
    IssueCode.OBJECT: N_("页面上有物品（如笔、手机），可能挡住了内容，请拿开后重拍"),
}

MODES: dict[Mode, str] = {
    Mode.COLOUR: N_("彩色"),
    Mode.GREY: N_("灰度"),
    Mode.BW: N_("黑白"),
}

KINDS: dict[PageKind, str] = {
    PageKind.AUTO: N_("自动识别"),
    PageKind.A4: N_("A4 纸张"),
    PageKind.A5: N_("A5 纸张"),
    PageKind.LETTER: N_("信纸"),
    PageKind.HUKOU: N_("户口簿内页"),
    PageKind.ID1: N_("身份证等卡片"),
    PageKind.OTHER: N_("其他尺寸"),
}


def hint_text(hint: Hint) -> str:
    return tr(HINTS[hint])


def issue_text(issue: Issue | IssueCode) -> str:
    code = issue.code if isinstance(issue, Issue) else issue
    return tr(ISSUES[code])


def issues_text(issues) -> str:
    """One line per issue, or an empty string when the page is fine."""
    return "\n".join(issue_text(i) for i in issues)
