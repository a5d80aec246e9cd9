"""What each kiosk page says when it is shown and voice guidance is on.

One short instruction per page, in the words a citizen hears first: what to
do now, and which button does it. Catalogue words (``N_``: English in the
translation file); widgets.voice_guide speaks them in the UI's language. A
page new to the kiosk adds its line here; a page without one says nothing.
"""

from __future__ import annotations

from widgets.i18n import N_

INSTRUCTIONS: dict[str, str] = {
    "home": N_("欢迎使用政务服务自助终端。看要带什么材料，请点办事指南；要办理，请点我要办理"),
    "consent": N_("读取身份证前，请阅读个人信息告知，同意请点同意"),
    "card": N_("请将身份证放在读卡区"),
    "items": N_("请选择事项，可以按类别找，也可以在上方搜索"),
    "guide": N_("请看办事指南，了解要带的材料，然后点击下一步填写申请表"),
    "form": N_("请核对并填写申请表，带星号的必须填写，然后点击下一步"),
    "scan": N_("请将材料平放在扫描区，点击拍摄，每份材料拍完后点击下一步"),
    "confirm": N_("请核对办件信息，无误后点击确认提交"),
    "commitment": N_("请阅读告知承诺书，同意的话请用手指在签名框内签名，然后点击确认签署"),
    "done": N_("提交成功，请取回身份证，取走回执，凭回执可查询办理进度"),
    # 补交材料 (issue 14, item 3)
    "supplement_find": N_("补交材料：请点刷身份证查找，或输入受理回执上的受理编号和校验码"),
    "supplement": N_("请选择左侧的材料，平放在扫描区拍摄，拍完后点击提交"),
    "supplement_done": N_("补交成功，请取走补正回执，与受理回执一起保管"),
    # 12345 咨询投诉 (issue 14, item 4)
    "hotline": N_("请选择诉求类型，写下您的诉求，然后点击提交并打印工单"),
    "hotline_done": N_("已收到您的诉求，请取走工单，凭工单编号和校验码查看答复"),
    "hotline_answer": N_("请输入工单编号和校验码后点击查询，或者刷身份证查询"),
    # 证明打印 (certs)
    "certs": N_("请选择要打印的证明"),
    "ticket": N_("请选择要办理的业务类别取号"),
    "checkin": N_("预约签到：请点刷身份证，或把预约二维码对准扫描区"),
    "cert_preview": N_("请核对证明内容，无误后点击打印证明"),
    "cert_done": N_("证明已打印，请在出纸口取走证明，并取回身份证"),
    # 进度查询
    "progress": N_("请把受理回执的二维码放在扫描区，或输入受理编号，也可以刷身份证查询"),
    "progress_type": N_("请输入受理编号和回执二维码下方的校验码，然后点查询"),
    "progress_list": N_("这是查询结果，点一件办件可以看详细进度"),
}


def instruction(page: str) -> str:
    """The page's instruction (Chinese source), or "" for a page that says nothing."""
    return INSTRUCTIONS.get(page, "")
