"""电子证照库 at the reference back office: a SAMPLE registry of e-licences, drawn as PDFs.

``sample`` holds 样例数据 (sample data, not anybody's licence): 居民户口簿, 结婚证,
不动产权证书, 出生医学证明 per holder and 营业执照 per 统一社会信用代码, for the
emulators' sample cards. ``registry.Registry`` indexes them by an HMAC of the
ID number (the key ``elicences.key`` in the data folder) and draws one as an
A4 PDF marked 样例数据 (fpdf2, the certificates' fonts and seal). See
docs/reuse.md.
"""
