"""Sample documents of every kind, for ``onewindow print sample``, the bench and the tests.

Fictitious people only (emulators.virtual_reader.sample_identities) and an
item of the shipped sample catalog; dates are fixed so the samples are the
same on every run. Pure functions; any thread.
"""

from __future__ import annotations

import datetime as dt

import assets
from core.case import Case, DeliveryMethod, FileRef
from core.catalog import Catalog, FieldType, Item
from core.credit_code import SAMPLE_CODE
from core.identity import Identity
from core.ids import receipt_number
from core.intake import start_case, submit_case
from core.receipt import (
    KINDS,
    Document,
    acceptance_receipt,
    deficiency_notice,
    one_time_notice,
    pickup_slip,
    queue_ticket,
    supplement_receipt,
)
from emulators.virtual_reader import sample_identities

HALL = "佛山市禅城区政务服务中心"
SAMPLE_ITEM = "440604-XK-0002"  # 药品经营许可证（零售）核发: six materials
DAY = dt.date(2026, 3, 2)
AT = dt.datetime(2026, 3, 2, 9, 30)
TERMINAL = "C01（综合窗口）"
CLERK = "C0012"


def sample_item() -> Item:
    return Catalog.load(assets.sample_catalog()).item(SAMPLE_ITEM)


def sample_case(
    *,
    item: Item | None = None,
    deficiency: bool = True,
    agent: bool = True,
    applicant: Identity | None = None,
    express_address: str = "",
    seq: int = 7,
) -> Case:
    """A submitted counter case: every material scanned (1-3 pages each), one left
    to supply later when ``deficiency`` and the item allows it, an agent when ``agent``."""
    item = item or sample_item()
    people = sample_identities()
    case = start_case(
        item,
        applicant or people[0],
        hall_code="FS01",
        device_code="C01",
        channel="counter",
        actor=CLERK,
        agent=people[2] if agent else None,
    )
    examples = {
        FieldType.PHONE: "13800138000",
        FieldType.DATE: "2026-03-01",
        FieldType.CREDIT_CODE: SAMPLE_CODE,
    }
    for f in item.form:
        if not case.form.get(f.key):
            if f.type is FieldType.CHOICE:
                case.form[f.key] = f.choices[0]
            elif f.type is FieldType.ID_NUMBER:
                case.form[f.key] = case.applicant.id_number
            else:
                case.form[f.key] = examples.get(f.type, "示例")
    later = next((m.code for m in item.materials if m.deficiency_allowed), None)
    for n, m in enumerate(case.materials):
        if deficiency and m.code == later:
            continue
        ref = FileRef(name=f"{m.code}.jpg", size=1000 + n, sha256=f"{n:064x}")
        case.add_file(m.code, ref, pages=1 + n % 3)
    if express_address:
        case.delivery.method = DeliveryMethod.EXPRESS
        case.delivery.address = express_address
    no = receipt_number("FS01", "C01", DAY, seq)
    submit_case(case, item, receipt_no=no, actor=CLERK, today=DAY)
    # The trail's submission time is "now"; a sample shows a fixed one.
    last = case.events[-1].model_copy(update={"at": AT.astimezone()})
    case.events[-1] = last.model_copy(update={"hash": last.digest()})
    return case


def sample_document(kind: str, *, case: Case | None = None) -> Document:
    """A sample of ``kind`` (ticket, receipt, notice, deficiency, pickup, supplement)."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}")
    item = sample_item()
    if kind == "ticket":
        return queue_ticket("B023", "许可经营", 5, HALL, at=AT, area="二楼B区")
    if kind == "notice":
        return one_time_notice(item, hall_name=HALL, printed_at=AT)
    case = case or sample_case(item=item, express_address="广东省佛山市禅城区示例街道幸福路88号")
    if kind == "receipt":
        return acceptance_receipt(
            case, hall_name=HALL, terminal=TERMINAL, clerk=CLERK, printed_at=AT, item=item
        )
    if kind == "deficiency":
        return deficiency_notice(
            case, hall_name=HALL, terminal=TERMINAL, clerk=CLERK, printed_at=AT, item=item
        )
    if kind == "supplement":
        return supplement_receipt(
            receipt_no=case.receipt_no,
            item_name=case.item_name,
            applicant="张*三",
            supplied=[(d.name, 2) for d in case.deficiencies],
            still_owed=[],
            hall_name=HALL,
            terminal="K01",
            channel="kiosk",
            promised_days=item.promised_days,
            promised_date=dt.date(2026, 3, 16),
            printed_at=AT,
        )
    return pickup_slip(case, hall_name=HALL, window=TERMINAL, printed_at=AT, ready_on=DAY)


def rare_name_identity() -> Identity:
    """A fictitious applicant whose name and address hold characters printer fonts lack."""
    person = sample_identities()[1]
    return person.model_copy(
        update={"name": "𠇔䶮明", "address": "广东省佛山市禅城区䶮园路𠇔巷8号"}
    )
