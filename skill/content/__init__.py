"""Per-locale content: prompts, remedies, answers to questions, vocabulary and session text, loaded
from data files.

Handlers never hold spoken text; they ask `content_for(locale)` for it. Files are read from this
package's own folder (never the working directory), once per locale, and checked on load so a
typo in a data file fails at start-up and in the tests, not in front of a user in pain. What
words say in a locale's vocabulary (mentioned, value_within, said_next_to …) is words.py's.
"""
from __future__ import annotations

import string
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Optional, Set, Tuple

import yaml

from skill.content.words import WordMatching, plain

CONTENT_DIR = Path(__file__).resolve().parent


class ContentError(ValueError):
    """A content file is missing something the skill needs."""


# libyaml's parser where PyYAML was built with it: the same safe subset, about 8x faster, and the
# content files are read on every worker's first request.
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path) -> Any:
    with Path(path).open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_SAFE_LOADER)  # noqa: S506 - a safe loader


class _Terms(dict):
    """Fills locale terms into text and leaves every other {placeholder} for the handler."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(value: Any, terms: Mapping[str, str]) -> Any:
    if isinstance(value, str):
        return string.Formatter().vformat(value, (), _Terms(terms))
    if isinstance(value, list):
        return [_fill(item, terms) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, terms) for key, item in value.items()}
    return value


@dataclass(frozen=True)
class StepTime:
    """How long to do one step ("how long should I do this for"): said plainly, and the timed
    sessions that fit it, offered by name (conditions.yaml: how_long)."""

    say: str
    sessions: Tuple[str, ...] = ()


@dataclass(frozen=True)
class BallPlace:
    """Where the ball goes in one remedy ("where do I put the ball"), the steps that use it, and
    what to say instead in pregnancy (conditions.yaml: ball)."""

    where: str
    steps: Tuple[int, ...]
    in_pregnancy: str = ""


@dataclass(frozen=True)
class Condition:
    """One remedy: what Alexa calls it, the steps in order, and what else is worth knowing."""

    id: str
    name: str
    intro: str
    steps: Tuple[str, ...]
    caveats: Tuple[str, ...]
    more: Tuple[str, ...]
    session: Optional[str]
    intro_for: Mapping[str, str] = field(default_factory=dict)    # symptom id → its own intro
    name_for: Mapping[str, str] = field(default_factory=dict)     # symptom id → its own name
    in_pregnancy: Mapping[int, str] = field(default_factory=dict)  # step number → said instead
    more_said: str = ""            # "what else can I do", as said (the card has `more` and caveats in full)
    how_long: Mapping[int, StepTime] = field(default_factory=dict)       # step number → how long
    how_long_in_pregnancy: Mapping[int, StepTime] = field(default_factory=dict)
    ball: Optional[BallPlace] = None      # where the ball goes, if a step uses one
    # "why does that help", "how do I do that": step number → why it helps, how to do it (in
    # pregnancy, for a step said otherwise, its own): conditions.yaml why, how, *_in_pregnancy
    about_steps: Mapping[str, Mapping[int, str]] = field(default_factory=dict)

    def about_step(self, kind: str, number: int, pregnant: bool) -> str:
        """Why step `number` helps (`kind` "why") or how to do it ("how"), as said to this person:
        a step said otherwise in pregnancy has its own, never the one for the step it replaced."""
        if pregnant and number in self.in_pregnancy:
            return self.about_steps[f"{kind}_in_pregnancy"][number]
        return self.about_steps[kind][number]

    def how_long_for(self, number: int, pregnant: bool) -> Optional[StepTime]:
        """How long to do step `number` as said to this person: a step said otherwise in
        pregnancy has only its own (None: no set time), never the one for the step it replaced."""
        if pregnant and number in self.in_pregnancy:
            return self.how_long_in_pregnancy.get(number)
        return self.how_long.get(number)

    def named(self, feeling: Optional[str]) -> str:
        """The card title and the name said for someone who told us it feels like `feeling` (a
        sore lower back: "Lower back soreness"); with no feeling known, the name that says none."""
        return self.name_for.get(feeling or "", self.name)

    def steps_for(self, pregnant: bool) -> Tuple[str, ...]:
        """The steps as said to this person: in pregnancy, with its own wording where it has one."""
        if not pregnant:
            return self.steps
        return tuple(self.in_pregnancy.get(number, step) for number, step in enumerate(self.steps, start=1))


@dataclass(frozen=True)
class SessionText:
    """What Alexa says about one kind of timed session."""

    id: str
    name: str                      # "acupressure mat session"
    intro: str                     # one or two calm sentences before the audio starts
    card: str                      # the full how-to for the Alexa app
    finished: str                  # said by the Timers API when the time is up
    intro_short: Optional[str] = None   # the intro of a session too short for its periodic chimes
    sounds: str = ""               # what its cues mean: "what is that sound?"
    after: str = ""                # what to do once it has stopped early ("take the heat off")
    before_sleep: str = ""         # stopped as they go to sleep: what to do first ("come off the mat")
    card_short: Optional[str] = None    # the card of a session too short for its periodic chimes
    card_timer: Optional[str] = None    # the card on a device without audio: no sounds to mention
    how: str = ""                  # said when a timer-only session starts: nothing else guides them
    advised_minutes: Optional[int] = None   # the articles' advice: at least this long ({advice})
    advice: str = ""               # that advice, on the card
    advice_short: str = ""         # for a shorter session, kindly ({length}: the length they chose)


@dataclass(frozen=True)
class Answer:
    """The answer to one self-care question: its card title, what Alexa says ({heard} is left for
    the handler), and the timed session that fits it, if any."""

    id: str
    title: str
    speech: str
    session: Optional[str]
    urgent: bool = False        # it starts with warning signs: said before the first-use disclaimer
    disclaims: bool = False     # it says what the first-use disclaimer says, which is then left out
    holds: bool = False         # said while a session plays, it pauses it instead of letting it play on


@dataclass(frozen=True)
class LocaleContent(WordMatching):
    """One locale's content as the handlers read it; what words say is WordMatching's (words.py)."""

    locale: str
    terms: Mapping[str, str]
    prompts: Mapping[str, Any]
    conditions: Mapping[str, Condition]
    slot_types: Mapping[str, Mapping[str, List[str]]]
    remedy_rules: Tuple[Mapping[str, str], ...]
    sessions: Mapping[str, SessionText]
    session_prompts: Mapping[str, Any]
    answers: Mapping[str, Answer]          # "see_doctor", "medicines.magnesium", "topics.heat" …
    mentions: Mapping[str, Tuple[str, ...]]     # "pregnancy" → its words (vocabulary.yaml)
    nearby_areas: Mapping[str, str]             # "neck" → "shoulder_blade", the area we have steps for
    not_red_flags: Mapping[str, str]            # "back" → "resume": "I'm ..." words that are no red flag
    red_flag_exclusions: Tuple[str, ...] = ()   # "chest of drawers": a red flag's words, not a red flag
    red_flags_exact: Tuple[str, ...] = ()       # flags matched only as said (handlers/red_flag_words.py)
    red_flag_reading: Mapping[str, Any] = field(default_factory=dict)   # how red flags are read (the same)
    card_numbers: Mapping[str, str] = field(default_factory=dict)   # "NHS one one one" → "NHS 111" on cards

    def say(self, key: str, **values: Any) -> str:
        """The prompt named `key` (dotted for nested ones) with its placeholders filled."""
        text: Any = self.prompts
        for part in key.split("."):
            text = text[part]
        return text.format(**values) if values else text

    def session_say(self, key: str, **values: Any) -> str:
        text = self.session_prompts[key]
        return text.format(**values) if values else text

    def answer_named(self, words: Optional[str], *, within: bool = False,
                     prefer: str = "TOPIC") -> Optional[str]:
        """The answer a self-care topic or a medicine named by these words has ("topics.heat",
        "medicines.magnesium"), or None. With `within`, also the one topic or medicine said inside
        more words ("take ibuprofen every day"); not when several are (two medicines together are
        for the pharmacist), unless all but one say only where or how ("heat in bed": prompts.yaml
        topics_that_give_way). `prefer` is the slot type looked at first."""
        groups = sorted((("TOPIC", "topics"), ("MEDICINE", "medicines")), key=lambda g: g[0] != prefer)
        for said in (words, self._without_determiner(words)):
            for slot_type, group in groups if said else ():
                value_id = self.value_id(slot_type, said)
                if value_id is not None and f"{group}.{value_id}" in self.answers:
                    return f"{group}.{value_id}"
        for slot_type, group in groups if within else ():
            found = self.values_within(slot_type, words)
            for gives_way in self.say("topics_that_give_way") if slot_type == "TOPIC" else ():
                if len(found) > 1:              # "heat in bed": heat, and where they'd use it
                    found = found - frozenset(gives_way)
            if len(found) == 1 and f"{group}.{next(iter(found))}" in self.answers:
                return f"{group}.{next(iter(found))}"
        return None

    def _without_determiner(self, words: Optional[str]) -> Optional[str]:
        """These words without the "the" or "a" they start with ("the tennis ball" → "tennis
        ball"), or None when they start with none (prompts.yaml: name_determiners)."""
        first, _, rest = (words or "").strip().partition(" ")
        return rest if rest and first.lower() in self.say("name_determiners") else None

    def medicine_answer(self, words: Optional[str]) -> Optional[str]:
        """The answer for the medicines said inside these words: the one's own ("medicines.magnesium"),
        the pharmacist's for two or more together ("medicines.other_medicine"), or None."""
        found = self.values_within("MEDICINE", words)
        if not found:
            return None
        return f"medicines.{next(iter(found))}" if len(found) == 1 else "medicines.other_medicine"

    def ends_like_a_phrase(self, words: Optional[str]) -> bool:
        """Whether words a slot caught end like a phrase, not a name ("pause my" session): not to
        be said back (prompts.yaml: phrase_endings)."""
        said = (words or "").lower().split()
        return bool(said) and said[-1] in self.say("phrase_endings")

    def red_flag_terms(self) -> Dict[str, List[str]]:
        return {flag: [flag.replace("_", " ")] + list(words)
                for flag, words in self.slot_types["RED_FLAG"].items()}


def _conditions(raw: Mapping[str, Any]) -> Dict[str, Condition]:
    conditions = {}
    for condition_id, entry in raw.items():
        steps = tuple(entry["steps"])
        caveats = tuple(entry.get("caveats") or ())
        if not 3 <= len(steps) <= 7:
            raise ContentError(f"{condition_id}: needs 3 to 7 steps, has {len(steps)}")
        in_pregnancy = dict(entry.get("in_pregnancy") or {})
        if not set(in_pregnancy) <= set(range(1, len(steps) + 1)):
            raise ContentError(f"{condition_id}: in_pregnancy names a step it doesn't have: {sorted(in_pregnancy)}")
        how_long = {key: _step_times(condition_id, key, entry.get(key) or {}, len(steps))
                    for key in ("how_long", "how_long_in_pregnancy")}
        if not set(how_long["how_long_in_pregnancy"]) <= set(in_pregnancy):
            raise ContentError(f"{condition_id}: how_long_in_pregnancy is for steps said otherwise in pregnancy")
        about_steps = _about_steps(condition_id, entry, len(steps), set(in_pregnancy))
        ball = entry.get("ball")
        if ball is not None and not set(ball["steps"]) <= set(range(1, len(steps) + 1)):
            raise ContentError(f"{condition_id}: ball names a step it doesn't have: {ball['steps']}")
        conditions[condition_id] = Condition(
            id=condition_id, name=entry["name"], intro=entry["intro"], steps=steps,
            caveats=caveats, more=tuple(entry.get("more") or ()),
            session=entry.get("session"), intro_for=dict(entry.get("intro_for") or {}),
            name_for=dict(entry.get("name_for") or {}),
            in_pregnancy=in_pregnancy,
            more_said=entry.get("more_said") or " ".join(tuple(entry.get("more") or ()) + caveats),
            how_long=how_long["how_long"], how_long_in_pregnancy=how_long["how_long_in_pregnancy"],
            about_steps=about_steps,
            ball=BallPlace(where=ball["where"], steps=tuple(ball["steps"]), in_pregnancy=ball.get("in_pregnancy", ""))
            if ball is not None else None)
    return conditions


ABOUT_STEPS = ("why", "how")        # conditions.yaml: what every step has, for "why" and "how do I do that"


def _about_steps(condition_id: str, entry: Mapping[str, Any], total: int,
                 in_pregnancy: Set[int]) -> Dict[str, Dict[int, str]]:
    """conditions.yaml why and how: one for every step, and *_in_pregnancy for every step said
    otherwise in pregnancy, so none is ever missing when asked."""
    found = {}
    for kind in ABOUT_STEPS:
        for key, numbers in ((kind, set(range(1, total + 1))), (f"{kind}_in_pregnancy", in_pregnancy)):
            said = {number: text for number, text in (entry.get(key) or {}).items() if text}
            if set(said) != numbers:
                raise ContentError(f"{condition_id}: {key} needs steps {sorted(numbers)}, has {sorted(said)}")
            found[key] = said
    return found


def _step_times(condition_id: str, key: str, raw: Mapping[int, Any], total: int) -> Dict[int, StepTime]:
    """conditions.yaml how_long (or how_long_in_pregnancy): step number → what to say, or
    {say, sessions}."""
    if not set(raw) <= set(range(1, total + 1)):
        raise ContentError(f"{condition_id}: {key} names a step it doesn't have: {sorted(raw)}")
    return {number: StepTime(say=entry) if isinstance(entry, str)
            else StepTime(say=entry["say"], sessions=tuple(entry.get("sessions") or ()))
            for number, entry in raw.items()}


ANSWER_GROUPS = {"medicines": "MEDICINE", "topics": "TOPIC"}   # answers.yaml section → slot type
ANSWERS_WITHOUT_SLOT = ("see_doctor", "getting_up", "floor_in_the_steps", "pregnancy", "postpartum", "postpartum_struggling", "pregnancy_struggling",
                        "how_long", "relax", "causes", "causes_knots", "causes_cramps",
                        "not_a_doctor", "physical_therapy", "volume", "fell_asleep",
                        "heat_too_hot", "mat_hurts", "not_helping", "unknown_topic", "topics_list",
                        "help_breathe",                          # sessions44: "help me breathe"
                        "breathing_pace", "heat_before_sleep", "going_to_sleep", "heat_reduced_feeling",
                        "heat_fresh_injury", "back_numbness", "heat_not_felt", "heat_pad_broken",
                        "heat_redness", "heat_redness_in_a_leg", "moving_around", "kidneys", "headache",
                        "cough_or_sneeze", "night_pain",
                        "mind_wandering",
                        "getting_worse", "is_it_working",       # progress: how it is going
                        "if_it_gets_worse",                     # instep46: "what if it gets worse"
                        "if_it_gets_worse_leg_cramps",          # asked52: in a cramp's steps
                        "did_it_right",                         # asked52: "did I do it right"
                        # words11: "is it working" with a heat, breathing or release session on
                        "is_it_working_heat", "is_it_working_meditation", "is_it_working_release",
                        # asked52: "why" while a timed session plays
                        "why_session_mat", "why_session_meditation", "why_session_heat", "why_session_release",
                        # everyday life during the steps or a session
                        "feeling_cold", "music", "bells", "doctor_appointment",
                        # positions
                        "cant_lie_on_back", "cant_get_to_floor",
                        # in session: how it should feel, eyes open or closed
                        "feel_mat", "feel_meditation", "feel_heat", "feel_release", "feel_general", "eyes",
                        # safety10: hot or sweaty with no heat on them
                        "feeling_hot", "walking_trouble",
                        # steps12: asked in the steps or about a remedy: how it feels, how hot,
                        # tired, asleep under heat, in bed for the step, a shirt on or off
                        "feel_steps", "heat_how_hot", "tired", "tired_heat", "tired_in_session", "sleep_under_heat",
                        "in_bed_heat", "in_bed_mat", "in_bed_ball", "in_bed_steps",
                        "shirt_off", "shirt_off_mat", "shirt_off_heat",
                        # sleep17: the night and the morning, and drifting off in a meditation
                        "cant_sleep", "morning_stiffness", "help_sleep", "drifting_off_meditation",
                        "drifting_off_meditation_timer", "drifting_off_timer_only", "drifting_off_mat",
                        # onmat55: said as a feeling while a session plays (handlers/session_remarks.py)
                        "heat_gone_cold", "pulling_in_session", "feeling_odd_in_session", "neck_on_the_mat",
                        # onmat60: the ball rolling away in the release; help to sleep on a
                        # device without audio (no tones: a timer)
                        "ball_rolling", "help_sleep_no_audio",
                        # leg16: said in a flare-up (handlers/flare_up_words.py), and AvoidIntent
                        "leg_pain_spreads", "click_or_pop", "child_back_pain", "what_to_avoid",
                        # safety19: a child's back pain with a fever
                        "child_back_pain_fever",
                        # asks28: where the ball goes, with no remedy's steps open
                        "ball_where",
                        # floor35: from the floor, the quickest relief and what a helper can do
                        "quickest_relief", "partner_help",
                        # kind40: what a helper can do with a session on
                        "partner_help_mat", "partner_help_heat", "partner_help_meditation", "partner_help_release",
                        # nosession34: a cue asked with no session running (handlers/session_cues.py)
                        "sides_no_session", "count_no_session",
                        # asks39: "how many reps" with no session or steps (session_info.RepsHandler)
                        "reps_no_session",
                        # topics47: "what sessions do you have" (handlers/sessions_list.py);
                        # on a device without audio, a timer and no bells
                        "sessions_list", "sessions_list_no_audio")


# Answers that come before a medicine's own (questions.MedicineHandler).
MEDICINE_CAUTIONS = ("mixing", "with_alcohol", "for_a_child", "for_someone_else", "someone_elses", "more_than_label",
                     "already_taken", "blood_thinners")


def _answers(raw: Mapping[str, Any], slot_types: Mapping[str, Mapping[str, List[str]]],
             sessions: Mapping[str, SessionText]) -> Dict[str, Answer]:
    """Every answer by dotted id. Each MEDICINE and TOPIC value must have one, so a question the
    model can resolve always has an answer (medicines also have `general`, for none named)."""
    entries = {key: raw.get(key) for key in ANSWERS_WITHOUT_SLOT}
    for group, slot_type in ANSWER_GROUPS.items():
        section = raw.get(group) or {}
        wanted = set(slot_types.get(slot_type, {})) | ({"general"} if group == "medicines" else set())
        if set(section) != wanted:
            raise ContentError(f"answers {group}: needs one answer per {slot_type} value; missing "
                               f"{sorted(wanted - set(section))}, unknown {sorted(set(section) - wanted)}")
        entries.update({f"{group}.{key}": entry for key, entry in section.items()})
    cautions = raw.get("medicine_cautions") or {}
    if set(cautions) != set(MEDICINE_CAUTIONS):
        raise ContentError(f"answers medicine_cautions: needs exactly {sorted(MEDICINE_CAUTIONS)}")
    entries.update({f"medicine_cautions.{key}": entry for key, entry in cautions.items()})
    instead = raw.get("instead") or {}
    unknown = set(instead) - set(slot_types.get("TOPIC", {})) - {"general"}
    if unknown or "general" not in instead:
        raise ContentError(f"answers instead: one per TOPIC value it has, and general; unknown {sorted(unknown)}")
    entries.update({f"instead.{key}": entry for key, entry in instead.items()})
    # "How often should I use the mat", "how long should I meditate": some topics.
    # "Where can I buy a mat": some topics, and `general` for the rest (questions.WhereToBuyHandler).
    for group in ("how_often", "how_long_for", "where_to_buy"):
        section = raw.get(group) or {}
        unknown = set(section) - set(slot_types.get("TOPIC", {})) - ({"general"} if group == "where_to_buy" else set())
        if unknown:
            raise ContentError(f"answers {group}: one per TOPIC value it has; unknown {sorted(unknown)}")
        entries.update({f"{group}.{key}": entry for key, entry in section.items()})
    answers = {}
    for answer_id, entry in entries.items():
        if not entry or not entry.get("title") or not entry.get("speech"):
            raise ContentError(f"answers: {answer_id} needs a title and speech")
        session = entry.get("session")
        if session is not None and session not in sessions:
            raise ContentError(f"answers: {answer_id} offers an unknown session {session!r}")
        answers[answer_id] = Answer(id=answer_id, title=entry["title"], speech=entry["speech"],
                                    session=session, urgent=bool(entry.get("urgent", False)),
                                    disclaims=bool(entry.get("disclaims", False)),
                                    holds=bool(entry.get("holds", False)))
    return answers


def _sessions(raw: Mapping[str, Any]) -> Tuple[Dict[str, SessionText], Dict[str, Any]]:
    texts = {session_id: SessionText(id=session_id, **entry)
             for session_id, entry in (raw.get("sessions") or {}).items()}
    return texts, dict(raw.get("prompts") or {})


@lru_cache(maxsize=None)
def locale_table() -> Mapping[str, Any]:
    return read_yaml(CONTENT_DIR / "locales.yaml")


def supported_locales() -> List[str]:
    return list(locale_table()["locales"])


@lru_cache(maxsize=None)
def content_for(locale: Optional[str]) -> LocaleContent:
    """Content for an Alexa locale; an unknown or missing locale gets the default one."""
    table = locale_table()
    if locale not in table["locales"]:
        locale = table["default"]
    entry = table["locales"][locale]
    terms = entry.get("terms") or {}
    folder = CONTENT_DIR / entry["language"]
    from skill.content.regional import with_locale_vocabulary   # it imports this package
    vocabulary = with_locale_vocabulary(read_yaml(folder / "vocabulary.yaml"), entry["language"], locale)
    sessions_file = folder / "sessions.yaml"
    session_texts, session_prompts = _sessions(_fill(read_yaml(sessions_file), terms)
                                               if sessions_file.exists() else {})
    return LocaleContent(
        locale=locale,
        terms=terms,
        prompts=_fill(read_yaml(folder / "prompts.yaml"), terms),
        conditions=_conditions(_fill(read_yaml(folder / "conditions.yaml"), terms)),
        slot_types=vocabulary["slot_types"],
        remedy_rules=tuple(vocabulary["remedy_rules"]),
        sessions=session_texts,
        session_prompts=session_prompts,
        answers=_answers(_fill(read_yaml(folder / "answers.yaml"), terms), vocabulary["slot_types"],
                         session_texts),
        mentions={name: tuple(words) for name, words in (vocabulary.get("mentions") or {}).items()},
        red_flag_exclusions=tuple(vocabulary.get("red_flag_exclusions") or ()),
        red_flags_exact=tuple(vocabulary.get("red_flags_exact") or ()),
        red_flag_reading=dict(vocabulary.get("red_flag_reading") or {}),
        nearby_areas={plain(word): area for area, words in (vocabulary.get("nearby_areas") or {}).items()
                      for word in words},
        not_red_flags={plain(word): meaning for meaning, words in (vocabulary.get("not_red_flags") or {}).items()
                       for word in words},
        card_numbers=dict(entry.get("card_numbers") or {}),
    )


def model_source(language: str = "en") -> Mapping[str, Any]:
    """The interaction-model source of one language (intents, samples, condition names)."""
    return read_yaml(CONTENT_DIR / language / "model.yaml")
