"""证明打印 at the reference back office: a SAMPLE registry, the PDF, the verification code.

``sample`` is a small registry of 样例数据 (sample data, not anybody's record)
for two kinds of certificate: 社会保险参保缴费证明 and 无犯罪记录证明, each
tied to its catalog item. ``issue.Issuer`` finds the card holder's record
through an HMAC of the ID number (the key ``certificates.key`` in the data
folder, mode 0600), gives the certificate an unguessable verification code
and keeps what it says (masked name, no ID number) for the public page
``/verify/{code}``. ``render`` draws it as an A4 PDF (fpdf2, Noto Sans CJK)
with the code, a QR to the verification page and a generated seal labelled
样章. See docs/certificates.md.
"""
