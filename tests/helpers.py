"""Hand-made test data shared by the test modules (import as ``from helpers import ...``)."""
from __future__ import annotations

from pathlib import Path

FI_TRANSCRIPT = """Haastattelija: Mitkä kanavat ovat parhaita, kun yritys ottaa yhteyttä?

H1: Sähköpostitse on helpointa, sähköpostiviestit luen aina. Tekstiviestejä en lue koskaan.

Haastattelija: Onko tärkeää asioida aina saman henkilön kanssa?

H1: On hyvä, että on aina sama henkilö, jolle soittaa. Teamsissa voi myös jutella.
Yhteyshenkilön pitäisi kirjata asiat CRM-järjestelmään.
"""

CODEBOOK = """\
name: tiny
languages: [fi, en]
themes:
  - id: channels
    label: {fi: Kanavat, en: Channels}
    codes:
      - id: email
        label: {fi: Sähköposti, en: Email}
        rules: {fi: [sähköposti], en: [email, e mail]}
        examples:
          fi: {match: ["Laitan sähköpostia.", "Sähköpostitse tavoittaa."], no_match: ["Soita."]}
      - id: text_message
        label: {fi: Tekstiviesti, en: Text message}
        rules: {fi: [tekstiviesti], en: [sms, text message]}
      - id: video_meeting
        label: {fi: Videopalaveri, en: Video meeting}
        rules: {fi: [teams], en: [teams, zoom]}
  - id: personalisation
    label: {fi: Henkilökohtaisuus, en: Personalisation}
    codes:
      - id: same_contact_person
        label: {fi: Sama yhteyshenkilö, en: Same contact person}
        rules: {fi: ["sama NEAR/2 henkilö", "head:yhteyshenkilö"], en: ["same NEAR/2 person"]}
        exclude: {fi: ["ei NEAR/1 sama"]}
      - id: customer_knowledge
        label: {fi: Asiakastieto, en: Customer knowledge}
        rules: {fi: ["crm*", "re:\\\\basiakastiet"], en: [crm]}
"""


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding=encoding)
    return path


