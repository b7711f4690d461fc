"""Oral-history archives for the benchmark: long plain-text files, as public-domain collections
come, written here from templates (no network, no real text).

Each file is one volume of a collection, hard-wrapped at 70 characters with a blank line
between paragraphs: a title, then narratives. A narrative opens with a
heading line (``Interview with Ella Thompson, born 1859 near Bexley Creek ...``) and an
interviewer's note, then the narrator's story as long paragraphs of a few hundred words. Now
and then a ``Q:`` line asks something and the ``A:`` answer runs on over several paragraphs,
so speaker turns are long and most text carries no label at all — the real-world case that
synthetic Q/A interviews never show. The words are drawn so that the vocabulary keeps growing
as real text does (thousands of names and places, dialect spellings, numbers, hyphenated
compounds and the occasional typo beside the common words), and the topics of
``bench/oral-history.yaml`` recur about as often as in real life stories.

Everything is drawn from one :class:`random.Random` seeded with ``seed``: the same arguments
give byte-identical files.

Examples
--------
::

    python bench/oral_history.py /tmp/archive --words 1000000 --files 4
"""
from __future__ import annotations

import argparse
import random
import shutil
import textwrap
from pathlib import Path

BENCH = Path(__file__).resolve().parent
CODEBOOK = BENCH / "oral-history.yaml"
#: Archives come hard-wrapped (typed, scanned or from Project Gutenberg): lines of this width,
#: paragraphs separated by a blank line.
WIDTH = 70

_SYLLABLES = ("ab an ar bel ben bex bor bur cal car cle dal dar del don dun el en fal fer "
              "gar gil ham har hol ing jas kel ker lan lar lea lin lo mar mel mer mont nor "
              "ol or pen per ral ren ros sal sel shel stan tal ter thorn tol ton val vin "
              "wal wel wil win wor").split()
_FIRST = ("Ella Mary Hattie Sarah Annie Lucy Martha Emma Rosa Julia Fannie Lizzie Nancy "
          "Amanda Harriet Della Mattie Callie Jane Susan Henry John George William James "
          "Charlie Sam Tom Jim Joe Ben Isaac Moses Abe Will Dan Frank Albert Lewis Wash "
          "Jeff Andrew Peter").split()
_PLACE_END = ("ville", "ton", "burg", " Creek", " County", " Springs", " Hollow", " Ridge",
              " Bottom", " Landing", " Crossing", " Mill")
_THINGS = ("hoe", "plow", "bucket", "churn", "wagon", "mule", "ox", "skillet", "lantern",
           "axe", "rifle", "fiddle", "quilt", "basket", "kettle", "saddle", "bonnet", "apron",
           "spinning wheel", "washpot", "cowbell", "cradle", "trough", "barrel", "sack")
_KIN = ("mother", "father", "grandmother", "grandpappy", "aunt", "uncle", "oldest brother",
        "baby sister", "cousin", "husband", "wife", "step-daddy", "mammy", "pappy")

#: Sentences per topic; ``{}`` slots are filled from the pools above.
TOPICS = {
    "farming": [
        "We planted cotton and corn on {place} land, forty acres of it, and we worked from sun to sun.",
        "Pappy was a sharecropper on the {surname} place, and half of every crop went to the man.",
        "I could pick two hundred pounds of cotton a day when I was {age} years old.",
        "We had a mule named {pet} that would not plow a straight furrow for nobody but me.",
        "Come harvest time everybody went to the field, even the little ones carried water.",
        "The boll weevil come through in {year} and ate up everything we had planted.",
        "We cut hay with a scythe and stacked it by hand, there wasn't no machine then.",
        "He farmed on shares till he could buy a piece of land of his own down on {place}.",
    ],
    "wages": [
        "They paid us fifty cents a day, and that was good money then.",
        "I earned {num} dollars a month and my board, and I sent most of it home.",
        "We was always in debt to the store, you owed for the seed before you ever planted.",
        "When settling time come the man said we didn't clear nothing, and we owed him besides.",
        "My first wage was a dollar a week, and I thought I was rich.",
    ],
    "mill_and_factory": [
        "I went to work at the sawmill in {place} when I was {age}, stacking lumber.",
        "The mill whistle blew at six and you better be at your loom when it did.",
        "He worked in the coal mine for {num} years and it ruined his lungs.",
        "The foreman at the factory was a hard man, he'd dock your pay for talking.",
        "They worked the turpentine woods, chipping boxes and dipping gum all day.",
    ],
    "domestic_work": [
        "I cooked and washed for the {surname} family for nigh on {num} years.",
        "Monday was washing day, we boiled the clothes in the washpot out in the yard.",
        "I was hired girl at the big house, I did the ironing and scrubbed the floors.",
        "Mama took in washing to feed us, she'd iron till way past midnight.",
    ],
    "parents": [
        "My mother was a tall woman, she could out-work any man on the place.",
        "My father was born in {place} and he never learned his letters.",
        "Ma and pa raised eleven of us in that little house.",
        "My folks come from {place}, that was before I was born.",
    ],
    "marriage": [
        "I married in {year}, we had the wedding at my aunt's house.",
        "He courted me for two years before my daddy would let me marry him.",
        "My husband was a good man, he died when the children was small and left me a widow.",
        "We was married forty-{num2} years before the Lord took him.",
    ],
    "children": [
        "I raised nine children and buried three of them.",
        "When I was a little girl we played ring games in the yard of an evening.",
        "The baby come in the winter of {year}, and we nearly lost her.",
        "All my grandchildren live up north now, they don't hardly write.",
    ],
    "death": [
        "When grandmother died they sat up with the body all night, that was the custom.",
        "We buried him in the graveyard behind the church, there ain't no stone on it now.",
        "The funeral was the biggest this county ever saw, folks come from {place} and all around.",
        "Uncle {first} passed away in {year}, of the fever they said.",
    ],
    "food": [
        "We ate cornbread and bacon and molasses, and greens out of the garden.",
        "Hog-killing time was a big day, everybody come to help and went home with meat.",
        "Mama made biscuits every Sunday morning, the rest of the week it was cornbread.",
        "We kept the meat in the smokehouse and it lasted the winter if we was careful.",
        "Possum and sweet potatoes, that was a feast in them days.",
        "We'd have buttermilk and cornbread for supper most nights.",
    ],
    "housing": [
        "We lived in a log cabin with one room and a loft where the children slept.",
        "The chimney was made of sticks and mud, and it caught fire more than once.",
        "We sat on the porch of an evening and the old folks told tales.",
        "The quarters was a row of cabins down by the creek.",
    ],
    "clothing": [
        "We went barefooted from spring till frost, shoes was for Sunday.",
        "Mama made all our clothes out of homespun, and quilts out of the scraps.",
        "I had one dress for school and one for church, that was all.",
    ],
    "church": [
        "I was baptized in {place} creek when I was {age}, the preacher dipped me three times.",
        "We went to church every Sunday, and meeting lasted all day with dinner on the ground.",
        "The revival come every August, folks would pray and shout till midnight.",
        "My mother could sing any hymn in the book and most of them out of the book.",
        "The Lord brought me through a whole lot, I can tell you that.",
    ],
    "school": [
        "I went to school three months a year, when there wasn't no work in the field.",
        "The teacher boarded with us, and she learned me to read and write.",
        "We had a blue-back speller and a slate, that was all the books we had.",
        "I never got past the third grade, but I made sure my children got an education.",
    ],
    "celebrations": [
        "Christmas we got an orange and some candy, and maybe a pair of shoes.",
        "Saturday night there'd be a dance, somebody played the fiddle and somebody the banjo.",
        "The Fourth of July we had a picnic at the {place} grove.",
        "We had frolics after the corn shucking, with singing till day.",
    ],
    "neighbours": [
        "Neighbors helped each other then, if your barn burned everybody come to raise a new one.",
        "The women had quilting bees and talked the whole day long.",
        "When somebody was sick the neighbors would sit up and visit the sick.",
    ],
    "poverty": [
        "Them was hard times, we didn't have nothing to eat but what we raised.",
        "During the depression we went on relief, it like to killed my pride.",
        "We was poor but we didn't know it, everybody was poor.",
        "Many a night we went to bed hungry.",
    ],
    "illness": [
        "When we got sick mama made a tea out of roots and herbs.",
        "There wasn't no doctor closer than {place}, so the midwife tended to everybody.",
        "The typhoid fever went through the whole family in {year}.",
        "Old Aunt {first} knew a remedy for everything, she'd rub you with turpentine and lard.",
    ],
    "law_and_violence": [
        "The sheriff come out and took him to jail for nothing at all.",
        "The patrollers would whip you if they caught you out without a pass.",
        "There was a fight at the dance and a man got shot.",
    ],
    "migration": [
        "In {year} we moved up north to {city}, my brother had a job in the steel mill.",
        "I left home when I was {age} and never went back but once.",
        "Lots of folks went west to Oklahoma, they said you could get land out there.",
        "My people emigrated from the old country and settled near {place}.",
    ],
    "travel": [
        "We went to town in the wagon, it took all day on the mud road.",
        "The first time I rode a train I was scared to death.",
        "I walked six miles to school and six miles back, rain or shine.",
        "We crossed the river on the ferry at {place} Landing.",
    ],
    "remembering": [
        "I remember it like it was yesterday.",
        "I don't recollect the year, but it was before the war.",
        "My memory ain't what it used to be, but I remember them old days.",
        "That was a long time ago, honey, a long time ago.",
    ],
    "stories": [
        "Grandpappy used to tell us stories about the war, we'd sit by the fire and listen.",
        "There was a haint in the old {surname} house, everybody knew it.",
        "They had a saying, they used to say the morning sun don't last the whole day.",
        "My mother sang a song she learned from her mother, I can still sing some of it.",
    ],
}
#: Sentences about nothing a code looks for: most of a life story is about other things.
PLAIN = [
    "It was a {adj} {season}, I remember that much.",
    "We had a {thing} that my {kin} brought from {place}.",
    "{first} {surname} lived down the road from us, a {adj} man if there ever was one.",
    "Well, that's about all I can tell you about that.",
    "You see, things was different then.",
    "I reckon I was about {age} or {age2} years old at the time.",
    "My {kin} always said to keep your {thing} where you can find it.",
    "That {thing} is still in the family, my {kin} has it now.",
    "We'd go down to the {place} every {season} and stay a week or two.",
    "{first} used to come by of a {day} and sit a spell.",
    "Now you won't believe this, but it's the truth.",
    "The {adj} {animal} would follow me everywhere I went.",
    "They called him {nick} on account of his {adj} ways.",
    "The river come up that {season} and covered the {place} road.",
    "Lord, it was {adj} that year.",
    "We lived {num} miles from {place}, out past the {surname} place.",
    "I've seen a heap of changes in my time.",
    "The old {surname} store was where everybody went of a {day}.",
    "We called it the {rare}, on account of the {rare2} that grew there.",
    "Old {first} had a {rare} and a {thing}, and that was all he owned.",
    "They said it was {rare} weather, whatever that means.",
    "The {rare} was down by the {rare2}, past the {place} fence.",
    "We got our {thing} from a {rare} man who come through every {season}.",
    "He'd say {rare}, {rare2}, and we'd all laugh.",
    "{nick} {surname} kept a {rare} in the {rare2}.",
]
_ADJ = ("hot", "cold", "dry", "wet", "mean", "good", "kind", "hard", "fine", "pretty", "quiet",
        "big", "little", "old", "young", "strange", "lonesome", "poor", "proud", "stubborn")
_SEASONS = ("spring", "summer", "fall", "winter")
_DAYS = ("Saturday", "Sunday", "Monday", "evening", "morning")
_ANIMALS = ("dog", "cow", "mule", "rooster", "goat", "horse", "cat", "hog")
_CITIES = ("Chicago", "Detroit", "Pittsburgh", "Cleveland", "St. Louis", "Philadelphia",
           "Harlem", "Gary", "Cincinnati", "Baltimore")
_QUESTIONS = ("What do you remember about {topic}?", "Tell me about {topic}.",
              "How was {topic} when you were young?", "Did you ever talk about {topic}?",
              "What about {topic}?")
_QUESTION_TOPICS = ("the farm", "your mother", "church", "school", "Christmas", "the war",
                    "your husband", "hard times", "the mill", "moving north", "your children",
                    "the old days", "food", "your house")
_NOTES = ("[inaudible]", "(laughs)", "(pause)", "[tape ends]", "(coughs)", "[unclear]")
_DIALECT = (("ing ", "in' "), ("them ", "dem "), ("there ", "dere "), ("going to ", "gwine "),
            ("was ", "wuz "), ("about ", "'bout "), ("children", "chillun"))


class _Words:
    """Names, places and rare words: a vocabulary that grows like a real archive's."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.surnames = [self._word(2, 3).capitalize() for _ in range(4000)]
        self.places = [self._word(1, 3).capitalize() + rng.choice(_PLACE_END)
                       for _ in range(3000)]
        self.nicks = [self._word(1, 2).capitalize() for _ in range(500)]
        self.rare = [self._word(2, 4) for _ in range(20000)]
        self.cast: dict[str, list[str]] = {}

    def _word(self, low: int, high: int) -> str:
        return "".join(self.rng.choice(_SYLLABLES) for _ in range(self.rng.randint(low, high)))

    def pick(self, pool: list[str]) -> str:
        """A skewed draw over the whole archive: some names recur in many stories, most in
        few."""
        return pool[int(len(pool) * self.rng.random() ** 2.5)]

    def local(self, kind: str) -> str:
        """A name of this story's own cast: a narrator's people and places recur."""
        return self.rng.choice(self.cast[kind]) if self.rng.random() < 0.7 else \
            self.pick(getattr(self, kind))

    def new_cast(self) -> None:
        self.cast = {kind: [self.pick(getattr(self, kind)) for _ in range(6)]
                     for kind in ("surnames", "places", "nicks")}

    def fill(self, template: str) -> str:
        rng = self.rng
        values = {"place": self.local("places"), "surname": self.local("surnames"),
                  "first": rng.choice(_FIRST), "nick": self.local("nicks"),
                  "rare": self.pick(self.rare), "rare2": self.pick(self.rare),
                  "year": str(rng.randint(1850, 1935)), "age": str(rng.randint(5, 30)),
                  "age2": str(rng.randint(6, 31)), "num": str(rng.randint(2, 60)),
                  "num2": rng.choice(("one", "two", "three", "five", "eight")),
                  "thing": rng.choice(_THINGS), "kin": rng.choice(_KIN),
                  "adj": rng.choice(_ADJ), "season": rng.choice(_SEASONS),
                  "day": rng.choice(_DAYS), "animal": rng.choice(_ANIMALS),
                  "city": rng.choice(_CITIES), "pet": self.local("nicks")}
        return template.format(**values)


def _sentence(words: _Words, rng: random.Random, topic_share: float = 0.35) -> str:
    if rng.random() < topic_share:
        text = words.fill(rng.choice(rng.choice(list(TOPICS.values()))))
    else:
        text = words.fill(rng.choice(PLAIN))
    if rng.random() < 0.25:  # the transcriber kept the narrator's speech
        old, new = rng.choice(_DIALECT)
        text = text.replace(old, new)
    if rng.random() < 0.02:  # a typo
        i = rng.randrange(1, max(2, len(text) - 2))
        text = text[:i] + text[i + 1] + text[i] + text[i + 2:]
    if rng.random() < 0.03:
        text += " " + rng.choice(_NOTES)
    return text


def _paragraph(words: _Words, rng: random.Random, n_words: int) -> str:
    out, count = [], 0
    while count < n_words:
        sentence = _sentence(words, rng)
        out.append(sentence)
        count += len(sentence.split())
    return " ".join(out)


def _narrative(words: _Words, rng: random.Random, n_words: int) -> list[str]:
    """One narrator's story: heading, note, then long paragraphs with a few Q/A turns."""
    words.new_cast()
    name = f"{rng.choice(_FIRST)} {words.pick(words.surnames)}"
    blocks = [f"Interview with {name}, born {rng.randint(1840, 1870)} near "
              f"{words.pick(words.places)}. Interviewed {rng.randint(1936, 1939)}.",
              f"Note: {name} lives alone in a {rng.choice(_ADJ)} house on "
              f"{words.pick(words.places)} road. She talked freely."]
    count = 0
    while count < n_words:
        if rng.random() < 0.3:  # a question, answered over one or more paragraphs
            blocks.append("Q: " + rng.choice(_QUESTIONS).format(
                topic=rng.choice(_QUESTION_TOPICS)))
            text = _paragraph(words, rng, rng.randint(40, 400))
            blocks.append("A: " + text)
        else:
            text = _paragraph(words, rng, rng.randint(120, 700))
            blocks.append(text)
        count += len(text.split())
    return blocks


def generate_archive(folder: str | Path, words: int = 1_000_000, files: int = 4,
                     seed: int = 0) -> dict:
    """Write a study of ``files`` plain-text volumes of about ``words`` words in all.

    Returns ``{"path", "words", "files"}``; the study's codebook is ``oral-history.yaml``.
    """
    folder = Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "transcripts").mkdir(parents=True)
    rng = random.Random(seed)
    vocab = _Words(rng)
    total = 0
    for k in range(1, files + 1):
        blocks = [f"LIFE HISTORIES OF PIONEER SETTLERS, VOLUME {k}", ""]
        count = 0
        while count < words // files:
            story = _narrative(vocab, rng, rng.randint(3000, 12000))
            blocks.extend(story)
            count += sum(len(b.split()) for b in story)
        text = "\n\n".join(textwrap.fill(b, WIDTH, break_long_words=False) for b in blocks)
        (folder / "transcripts" / f"volume{k}.txt").write_text(text + "\n", encoding="utf-8")
        total += count
    shutil.copyfile(CODEBOOK, folder / "codebook.yaml")
    (folder / "study.yaml").write_text(
        "title: Oral-history archive (benchmark)\nlanguage: en\ntranscripts: transcripts\n"
        "codebook: codebook.yaml\nspeakers:\n  Q: interviewer\n  A: participant\n",
        encoding="utf-8")
    return {"path": folder, "words": total, "files": files}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--files", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    info = generate_archive(args.folder, args.words, args.files, args.seed)
    print(f"wrote {info['words']:,} words in {info['files']} files to {info['path']}")


if __name__ == "__main__":
    main()
