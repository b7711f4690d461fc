"""Emailed answers (.eml): quoted questions, answers, signature and history removal."""
from __future__ import annotations

import re
from email.message import EmailMessage

import pytest

from interview_analysis.corpus.readers import read_transcripts
from interview_analysis.errors import InputError

OUTLOOK_REPLY = """From: Ville Yrittäjä <ville@example.fi>
To: Maija Tutkija <maija@example.fi>
Subject: Re: Haastattelukysymykset
Date: Mon, 3 Jun 2024 00:35:00 +0300
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: 8bit

Hei Maija,
tässä vastaukseni:

> 1. Miten asiakassuhteita hoidetaan
> yrityksessänne?

Soitamme vakioasiakkaille
kaksi kertaa vuodessa.

Lisäksi lähetämme uutiskirjeen.

> 2. Mitä muuttaisit?
Seurantaa kaupan jälkeen.

-- 
Ville Yrittäjä
Yrittäjä Oy, puh. 040 123 4567

-----Original Message-----
From: Maija Tutkija <maija@example.fi>
Sent: Friday, May 31, 2024 9:00 AM
To: Ville Yrittäjä
Subject: Haastattelukysymykset

> 1. Miten asiakassuhteita hoidetaan yrityksessänne?
> 2. Mitä muuttaisit?
"""

OUTLOOK_TEXT = ("Q: 1. Miten asiakassuhteita hoidetaan yrityksessänne?\n\n"
                "A: Soitamme vakioasiakkaille kaksi kertaa vuodessa.\n"
                "Lisäksi lähetämme uutiskirjeen.\n\n"
                "Q: 2. Mitä muuttaisit?\n\n"
                "A: Seurantaa kaupan jälkeen.\n")


def turns(transcript):
    return [(t.speaker, t.role, transcript.text[t.start:t.end]) for t in transcript.turns]


def test_8bit_utf8_reply_with_quotes_signature_and_outlook_history(tmp_path):
    path = tmp_path / "V3.eml"
    path.write_bytes(OUTLOOK_REPLY.encode("utf-8"))
    [tr] = read_transcripts(path)
    assert (tr.document, tr.format) == ("V3", "eml")
    assert tr.text == OUTLOOK_TEXT
    assert turns(tr) == [
        ("Q", "interviewer", "1. Miten asiakassuhteita hoidetaan yrityksessänne?"),
        ("A", "participant", "Soitamme vakioasiakkaille kaksi kertaa vuodessa.\n"
                             "Lisäksi lähetämme uutiskirjeen."),
        ("Q", "interviewer", "2. Mitä muuttaisit?"),
        ("A", "participant", "Seurantaa kaupan jälkeen."),
    ]
    assert tr.attributes == {"email_date": "2024-06-03",
                             "email_subject": "Re: Haastattelukysymykset"}


def test_finnish_outlook_separator_and_header_block(tmp_path):
    body = OUTLOOK_REPLY.replace("-----Original Message-----", "-----Alkuperäinen viesti-----")
    body = body.replace("-- \nVille Yrittäjä\nYrittäjä Oy, puh. 040 123 4567\n\n", "")
    path = tmp_path / "V4.eml"
    path.write_bytes(body.encode("utf-8"))
    assert read_transcripts(path)[0].text == OUTLOOK_TEXT
    headers_only = body.replace("-----Alkuperäinen viesti-----\n", "").replace(
        "From: Maija", "Lähettäjä: Maija").replace("Sent: Friday", "Lähetetty: perjantai")
    path.write_bytes(headers_only.encode("utf-8"))
    assert read_transcripts(path)[0].text == OUTLOOK_TEXT


GMAIL_BODY = """Hei!

On Fri, 31 May 2024 at 09:00, Maija Tutkija <maija@example.fi> wrote:
> Mitä työssäsi on tärkeintä?

Yhteistyö ja luottamus.

> Entä mikä on vaikeinta?
>
> (Voit vastata lyhyesti.)

Kiire ennen joulua.
Ja sää.

Terveisin,
Ville
"""


def test_quoted_printable_inline_reply_with_closing(tmp_path):
    msg = EmailMessage()
    msg["From"] = "ville@example.fi"
    msg["Subject"] = "Re: Kysymyksiä työstäsi"
    msg["Date"] = "Fri, 31 May 2024 22:15:00 -0700"
    msg.set_content(GMAIL_BODY, charset="utf-8", cte="quoted-printable")
    data = msg.as_bytes()
    assert b"Yhteisty=C3=B6" in data and b"Ent=C3=A4" in data
    path = tmp_path / "V5.eml"
    path.write_bytes(data)
    [tr] = read_transcripts(path)
    assert tr.text == ("Q: Mitä työssäsi on tärkeintä?\n\n"
                       "A: Yhteistyö ja luottamus.\n\n"
                       "Q: Entä mikä on vaikeinta? (Voit vastata lyhyesti.)\n\n"
                       "A: Kiire ennen joulua. Ja sää.\n")
    assert [t.speaker for t in tr.turns] == ["Q", "A", "Q", "A"]
    assert tr.attributes == {"email_date": "2024-05-31",
                             "email_subject": "Re: Kysymyksiä työstäsi"}


def test_long_preamble_becomes_an_answer(tmp_path):
    body = ("Kiitos kysymyksistä. Vastaan ensin yleisesti: meillä asiakkuudet ovat kaiken "
            "perusta, ja siksi käytämme niihin paljon aikaa.\n\n> Kysymys 1?\nVastaus 1.\n")
    path = tmp_path / "V6.eml"
    path.write_bytes(f"Subject: Vastaukset\nContent-Type: text/plain; charset=utf-8\n\n{body}"
                     .encode("utf-8"))
    [tr] = read_transcripts(path)
    assert turns(tr)[0] == ("A", "participant", body.split("\n\n")[0])
    assert tr.text.endswith("Q: Kysymys 1?\n\nA: Vastaus 1.\n")
    assert tr.attributes == {"email_subject": "Vastaukset"}


def test_email_without_quotes_is_read_as_text_and_gmail_finnish_history_is_cut(tmp_path):
    path = tmp_path / "V7.eml"
    path.write_bytes("""Subject: Vastaukset
Date: Tue, 4 Jun 2024 10:00:00 +0300
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

Q: Kuinka kauan yritys on toiminut?
A: Kolmekymment=E4 vuotta.
Q: Montako ty=F6ntekij=E4=E4?
A: Kaksitoista.

ma 3.6.2024 klo 10.00 Maija Tutkija (<maija@example.fi>) kirjoitti:
> Hei, t=E4ss=E4 kysymykset.
""".encode("ascii"))
    [tr] = read_transcripts(path)
    assert tr.text == ("Q: Kuinka kauan yritys on toiminut?\nA: Kolmekymmentä vuotta.\n"
                       "Q: Montako työntekijää?\nA: Kaksitoista.\n")
    assert turns(tr) == [("Q", "interviewer", "Kuinka kauan yritys on toiminut?"),
                         ("A", "participant", "Kolmekymmentä vuotta."),
                         ("Q", "interviewer", "Montako työntekijää?"),
                         ("A", "participant", "Kaksitoista.")]
    assert tr.attributes == {"email_date": "2024-06-04", "email_subject": "Vastaukset"}


def test_email_of_plain_paragraphs_has_no_turns(tmp_path):
    path = tmp_path / "V8.eml"
    path.write_bytes(b"From: a@example.fi\n\nEnsimmainen kappale.\n\nToinen kappale.\n\n-- \nA\n")
    [tr] = read_transcripts(path)
    assert tr.text == "Ensimmainen kappale.\n\nToinen kappale.\n"
    assert tr.turns == ()


def test_html_only_email_with_blockquotes(tmp_path):
    msg = EmailMessage()
    msg["From"] = "ville@example.fi"
    msg.set_content("<html><head><style>p {color: red}</style></head><body>"
                    "<div>Hei,</div><blockquote><p>Mit&auml; teette?</p></blockquote>"
                    "<p>Myymme <b>ty&ouml;kaluja</b>&nbsp;netiss&auml;.</p>"
                    "<blockquote>Miksi?</blockquote><p>Koska se kannattaa.</p></body></html>",
                    subtype="html")
    path = tmp_path / "V9.eml"
    path.write_bytes(msg.as_bytes())
    [tr] = read_transcripts(path)
    assert tr.text == ("Q: Mitä teette?\n\nA: Myymme työkaluja netissä.\n\n"
                       "Q: Miksi?\n\nA: Koska se kannattaa.\n")


def test_not_an_email(tmp_path):
    path = tmp_path / "notes.eml"
    path.write_bytes(b"just some notes\nwithout headers\n")
    with pytest.raises(InputError, match=r"notes\.eml: this file is not an email message .*"
                                         r"\(found 'just some notes\\nwithout headers\\n'\)\n"
                                         r"  Fix: save the reply from the mail program as \.eml"):
        read_transcripts(path)


def test_email_without_text_body(tmp_path):
    msg = EmailMessage()
    msg["From"] = "ville@example.fi"
    msg["Subject"] = "Liite"
    msg.add_attachment(b"%PDF-1.4", maintype="application", subtype="pdf", filename="a.pdf")
    path = tmp_path / "attachment.eml"
    path.write_bytes(msg.as_bytes())
    with pytest.raises(InputError, match=re.escape("attachment.eml: this email has no text body")):
        read_transcripts(path)


def test_email_with_only_signature_and_history(tmp_path):
    path = tmp_path / "empty.eml"
    path.write_bytes(b"From: a@example.fi\n\n-- \nVille\n\nOn Mon, 3 Jun 2024, B wrote:\n> Q?\n")
    with pytest.raises(InputError, match=r"empty\.eml: this email has no text left after "
                                         r"removing the quoted history and the signature"):
        read_transcripts(path)


def test_wrapped_gmail_attribution_quoted_signature_and_bad_date(tmp_path):
    path = tmp_path / "V10.eml"
    path.write_bytes(b"From: x@example.fi\nDate: not a date\n"
                     b"Subject: =?utf-8?q?Re=3A_Haastattelu_=C3=A4?=\n\n"
                     b"Thanks for the questions.\n\n"
                     b"On Fri, 31 May 2024 at 09:00, Maija Tutkija <\nmaija@example.fi> wrote:\n"
                     b"> Question one?\n> --\n> Maija Tutkija\n> University\n")
    [tr] = read_transcripts(path)
    assert tr.text == "Thanks for the questions.\n"
    assert tr.attributes == {"email_subject": "Re: Haastattelu ä"}


def test_inline_reply_drops_the_interviewers_quoted_signature(tmp_path):
    path = tmp_path / "V11.eml"
    path.write_bytes(b"From: x@example.fi\n\nOn Fri, 31 May 2024, Maija <m@example.fi> wrote:\n"
                     b"> Question one?\n\nAnswer one.\n\n> Question two?\n> \n> -- \n"
                     b"> Maija Tutkija\n> University\n\nAnswer two.\n")
    [tr] = read_transcripts(path)
    assert tr.text == "Q: Question one?\n\nA: Answer one.\n\nQ: Question two?\n\nA: Answer two.\n"


def test_thousands_of_nested_blockquotes_stay_small(tmp_path):
    path = tmp_path / "H9.eml"
    path.write_text("From: a@b.fi\nSubject: x\nContent-Type: text/html\n\n" + "<blockquote>" * 50_000
                    + "Miten?" + "</blockquote>" * 50_000 + "<p>Hyvin.</p>\n", encoding="utf-8")
    transcript = read_transcripts(path)[0]
    assert transcript.text == "Q: Miten?\n\nA: Hyvin.\n"
