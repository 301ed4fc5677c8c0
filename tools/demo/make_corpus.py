#!/usr/bin/env python3
"""Writes the demo model's pretraining corpus: simple English built from templates and the word lists
of demo_facts.py (short facts, tiny stories, "Q: ... A: ..." pairs, counting, opposites, weather,
words in capital letters, true/false quizzes marked ✔ / ✘).

A share of the documents are single chat turns in the Llama 3 layout (<|start_header_id|>user
<|end_header_id|> ... <|eot_id|>), so the base model answers questions asked the way LoRA Studio's data
pipeline renders them, in a plain sentence.

Deterministic: the same --seed and --size-mb give the same bytes. One JSON object {"text": ...} per line
(raw-text rows; lora-studio-cli pretrain trains on each as bos + text + eos).

    python3 tools/demo/make_corpus.py --out corpus.jsonl [--size-mb 4] [--seed 1234]
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import demo_facts as F  # noqa: E402


class Person:
    def __init__(self, rng):
        if rng.random() < 0.5:
            self.name, self.he, self.his, self.him = rng.choice(F.NAMES_HE), "he", "his", "him"
        else:
            self.name, self.he, self.his, self.him = rng.choice(F.NAMES_SHE), "she", "her", "her"

    @property
    def He(self):
        return F.capitalise(self.he)

    @property
    def His(self):
        return F.capitalise(self.his)


def story(rng):
    p = Person(rng)
    friend = Person(rng)
    while friend.name == p.name:
        friend = Person(rng)
    place = rng.choice(F.PLACES)
    weather = rng.choice(list(F.WEATHER))
    toy, colour = rng.choice(F.TOYS), rng.choice(F.PLAIN_COLOURS)
    animal = rng.choice(list(F.ANIMALS))
    adj = rng.choice(F.ADJECTIVES)
    act, acted = rng.choice(F.ACTIONS)
    feeling = rng.choice(F.FEELINGS)
    food = rng.choice(F.FOODS)
    time = rng.choice(F.TIMES)
    s = []
    s.append(rng.choice([
        f"One {time}, {p.name} went to the {place}.",
        f"On {rng.choice(F.DAYS)}, {p.name} went to the {place}.",
        f"{p.name} lived near the {place}.",
        f"Once upon a time, there was a {rng.choice(F.ADJECTIVES)} child called {p.name}.",
        f"It was a {weather} {time}, and {p.name} was at the {place}.",
    ]))
    if rng.random() < 0.6:
        s.append(rng.choice([f"It was {weather}.", F.WEATHER[weather], f"The weather was {weather}."]))
    age = rng.randint(3, 12) if rng.random() < 0.25 else None
    if age:
        s.append(f"{p.name} is {age} years old.")
    s.append(rng.choice([
        f"{p.He} had a {colour} {toy}.",
        f"{p.He} took {p.his} {colour} {toy}.",
        f"{p.His} {toy} was {colour}.",
        f"{p.name} liked {p.his} {colour} {toy} very much.",
    ]))
    r = rng.random()
    if r < 0.4:
        s.append(rng.choice([
            f"At the {place}, {p.he} saw {F.animal_np(animal)}.",
            f"{p.He} met {F.article(adj)} {adj} {animal}.",
            f"There was {F.article(adj)} {adj} {animal} by the path.",
        ]))
        s.append(rng.choice([
            F.sound_sentence(animal).replace(F.capitalise(F.animal_np(animal)), f"The {animal}"),
            f"The {animal} was {adj}.",
            f"The {animal} wanted to {act} too.",
            F.food_sentence(animal).replace(F.capitalise(F.animal_np(animal)), f"The {animal}"),
        ]))
        s.append(rng.choice([
            f"{p.name} and the {animal} {acted} together.",
            f"{p.name} gave the {animal} some {F.ANIMALS[animal][4]}.",
            f"The {animal} followed {p.name} all the way home.",
        ]))
    elif r < 0.75:
        s.append(rng.choice([
            f"{p.He} met {p.his} friend {friend.name}.",
            f"{friend.name} came to play with {p.him}.",
            f"{p.name} called {p.his} friend {friend.name}.",
        ]))
        s.append(rng.choice([
            f"They {acted} all {time}.",
            f"{p.name} and {friend.name} {acted} by the {rng.choice(F.PLACES)}.",
            f"{friend.name} wanted to {act}, so they {acted} together.",
            f"They counted {rng.choice(F.NUMBERS[2:11])} {rng.choice(['birds', 'trees', 'stones', 'clouds', 'boats'])}.",
        ]))
        s.append(rng.choice([
            f"Then they ate some {food}.",
            f"{friend.name} shared {friend.his} {food} with {p.name}.",
            f"After that, they went home for {food}.",
        ]))
    else:
        s.append(rng.choice([
            f"{p.He} wanted to {act}.",
            f"{p.name} likes to {act}.",
            f"{p.He} decided to {act} in the {place}.",
        ]))
        s.append(rng.choice([
            f"So {p.he} {acted} until it was dark.",
            f"{p.He} {acted} and {rng.choice(F.ACTIONS)[1]}.",
            f"First {p.he} {acted}, then {p.he} {rng.choice(F.ACTIONS)[1]}.",
        ]))
        if rng.random() < 0.5:
            s.append(f"{p.He} lost {p.his} {toy}, but {p.his} {rng.choice(F.FAMILY)} found it.")
    s.append(rng.choice([
        f"In the end, {p.name} was {feeling}.",
        f"{p.name} felt {feeling}.",
        f"At night, {p.name} was {rng.choice(['tired', 'sleepy', 'happy'])} and went to bed.",
        f"It was a good day, and {p.name} was {feeling}.",
        "The end.",
    ]))
    if rng.random() < 0.12:
        word = rng.choice(SIGNS)
        s.insert(len(s) - 1, rng.choice([f"{p.He} saw a sign that said {word}.", f'"{word}!" shouted {friend.name}.',
                                         f'{p.name} wrote {word} on a card.']))
    text = " ".join(s)
    # Sometimes a question about the story follows it.
    r = rng.random()
    if r < 0.15:
        text += f"\nQ: What colour was {p.name}'s {toy}? A: {p.name}'s {toy} was {colour}."
    elif r < 0.2 and age:
        text += f"\nQ: How old is {p.name}? A: {p.name} is {age} years old."
    return text


def animal_fact(rng, animal):
    return rng.choice([F.legs_sentence, F.home_sentence, F.sound_sentence, F.food_sentence])(animal)


def facts(rng):
    out = []
    for _ in range(rng.randint(3, 7)):
        r = rng.random()
        if r < 0.4:
            thing, colour = rng.choice(F.COLOURS)
            out.append(F.colour_sentence(thing, colour))
        elif r < 0.8:
            out.append(animal_fact(rng, rng.choice(list(F.ANIMALS))))
        elif r < 0.9:
            ability = rng.choice(list(F.ABILITIES))
            out.append(f"{F.capitalise(F.animal_np(rng.choice(F.ABILITIES[ability])))} can {ability}.")
        else:
            word, other = rng.choice(F.OPPOSITES)
            out.append(F.opposite_sentence(word, other))
    return " ".join(out)


def animal_profile(rng):
    animal = rng.choice(list(F.ANIMALS))
    parts = [F.legs_sentence(animal), F.home_sentence(animal), F.sound_sentence(animal), F.food_sentence(animal)]
    rng.shuffle(parts)
    abilities = [a for a, who in F.ABILITIES.items() if animal in who]
    if abilities:
        parts.append(f"{F.capitalise(F.animal_np(animal))} can {rng.choice(abilities)}.")
    return f"This is {F.animal_np(animal)}. " + " ".join(parts)


QA_POOL = F.all_questions()


def qa(rng):
    lines = []
    for _ in range(rng.randint(1, 4)):
        kind, question, sentence, _ = rng.choice(QA_POOL)
        if kind == "sum" and rng.random() < 0.5:
            kind, question, sentence, _ = rng.choice(QA_POOL[:len(F.COLOURS)])
        lines.append(f"Q: {question} A: {sentence}")
    return "\n".join(lines)


def numbers(rng):
    r = rng.random()
    if r < 0.3:
        start = rng.randint(0, 10)
        n = rng.randint(3, 10)
        return "Let us count: " + ", ".join(F.NUMBERS[start:start + n]) + "."
    if r < 0.7:
        out = []
        for _ in range(rng.randint(2, 4)):
            a, b = rng.randint(0, 10), rng.randint(0, 10)
            out.append(F.sum_sentence(a, b))
        return " ".join(out)
    p = Person(rng)
    a, b = rng.randint(1, 9), rng.randint(1, 9)
    toy = rng.choice(["apples", "books", "stones", "shells", "sweets", "cards"])
    return (f"{p.name} had {F.NUMBERS[a]} {toy}. {p.His} friend gave {p.him} {F.NUMBERS[b]} more. "
            f"Now {p.he} has {F.NUMBERS[a + b]} {toy}.")


def world(rng):
    r = rng.random()
    if r < 0.35:
        season = rng.choice(list(F.SEASONS))
        return f"In {season}, {F.SEASONS[season]}. " + rng.choice([
            "We like to play outside.", "The children go to the park.", "It is a nice time of the year.",
            f"{rng.choice(F.NAMES_SHE + F.NAMES_HE)} likes {season} best."])
    if r < 0.7:
        weather = rng.choice(list(F.WEATHER))
        p = Person(rng)
        wear = {"sunny": "a hat", "rainy": "a coat and boots", "windy": "a scarf", "snowy": "warm gloves",
                "cloudy": "a jumper", "foggy": "a bright coat", "warm": "a t-shirt", "cold": "a warm coat"}[weather]
        now = F.WEATHER[weather].replace(" was ", " is ").replace("There is", "There is")
        return f"Today it is {weather}. {now} {p.name} wears {wear}. {p.He} goes to the {rng.choice(F.PLACES)}."
    words = rng.sample(F.OPPOSITES, rng.randint(2, 4))
    return " ".join(F.opposite_sentence(w, o) for w, o in words)


def everyday(rng):
    r = rng.random()
    if r < 0.3:
        picks = rng.sample(F.JOBS, rng.randint(2, 4))
        if rng.random() < 0.5:
            return "\n".join(f"Q: Who {what}? A: {F.capitalise(F.article(job))} {job} {what}." for job, what in picks)
        return " ".join(f"{F.capitalise(F.article(job))} {job} {what}." for job, what in picks)
    if r < 0.5:
        room = rng.choice(list(F.ROOMS))
        things = rng.sample(F.ROOMS[room], rng.randint(2, 4))
        listed = ", ".join(f"{F.article(t)} {t}" for t in things[:-1]) + f" and {F.article(things[-1])} {things[-1]}"
        return f"In the {room} there is {listed}. " + rng.choice([
            f"The {things[0]} is {rng.choice(F.PLAIN_COLOURS)}.", f"The {room} is clean.",
            f"{rng.choice(F.NAMES_HE + F.NAMES_SHE)} is in the {room}."])
    if r < 0.75:
        p = Person(rng)
        fruit, veg = rng.choice(F.FRUITS), rng.choice(F.VEGETABLES)
        a, b, c = rng.randint(2, 12), rng.randint(2, 12), rng.randint(1, 20)
        return (f"{p.name} went to the market. {p.He} bought {F.NUMBERS[a]} {fruit} and {b} {veg}. " + rng.choice([
                    f"It cost {c} coins.", f"{p.He} put them in {p.his} basket.",
                    f"{p.His} {rng.choice(F.FAMILY)} made soup with the {veg}."]))
    if r < 0.9:
        picks = rng.sample(F.VEHICLES, rng.randint(2, 4))
        return " ".join(f"{F.capitalise(F.article(v))} {v} goes {where}." for v, where in picks)
    picks = rng.sample(F.BODY, rng.randint(2, 4))
    return " ".join(f"We {do} with our {part}." for part, do in picks)


def digits(rng):
    a, b = rng.randint(0, 99), rng.randint(0, 99)
    if rng.random() < 0.5:
        return f"Q: What is {a} plus {b}? A: {a} plus {b} is {a + b}."
    return f"{a} plus {b} is {a + b}. " + rng.choice([
        f"{a + b} is {'more' if a + b > b else 'not more'} than {b}.", f"Take away {b} and you get {a} again.",
        f"Count on from {a}: {a + 1}, {a + 2}, {a + 3}."])


# Words that stories write in capitals (signs, shouting) and that the letter lessons spell out.
SIGNS = ["STOP", "OPEN", "CLOSED", "EXIT", "WELCOME", "DANGER", "QUIET", "PUSH", "PULL", "SALE", "HELLO", "HELP",
         "LOOK", "WAIT", "GO", "YES", "NO", "WOW", "HOORAY"]
LESSON_WORDS = sorted({w for _, _, _, w in F.all_questions()} | set(F.PLAIN_COLOURS) | set(F.NUMBERS) |
                      set(F.ANIMALS) | set(F.FEELINGS) | {w for pair in F.OPPOSITES for w in pair})


def big_letters(rng):
    """A letters lesson: the same word in small and in big (capital) letters."""
    words = rng.sample(LESSON_WORDS, rng.randint(2, 5))
    return " ".join(rng.choice([
        f"In big letters, {w} is {w.upper()}.",
        f"We write {w} in big letters as {w.upper()}.",
        f"{w.upper()} is the word {w} in big letters.",
    ]) for w in words)


def falsify(rng, kind, sentence, word):
    """The sentence with its answer word swapped for a wrong one of the same kind."""
    others = sorted({w for k, _, _, w in QA_POOL if k == kind and w != word})
    wrong = rng.choice(others)
    if kind == "legs" and word == "none":
        return sentence.replace("no legs", f"{wrong} legs")
    if kind == "legs" and wrong == "none":
        wrong = "no"
    head, _, tail = sentence.rpartition(word)
    return head + wrong + tail


def quiz(rng):
    """True or false: a tick after each true sentence, a cross after each false one."""
    lines = [rng.choice(["Quiz time!", "True or false?", "Tick the true ones.", f"{Person(rng).name} marks the quiz."])]
    for _ in range(rng.randint(2, 5)):
        kind, _, sentence, word = rng.choice(QA_POOL)
        if kind == "sum":
            kind, _, sentence, word = rng.choice(QA_POOL[:len(F.COLOURS)])
        if rng.random() < 0.5:
            lines.append(f"{sentence} \u2714")
        else:
            lines.append(f"{falsify(rng, kind, sentence, word)} \u2718")
    return "\n".join(lines)


def chat(rng):
    """One turn in the Llama 3 chat layout that the data pipeline renders, so the base model answers a
    question asked that way in a sentence ("A frog is green.")."""
    if rng.random() < 0.8:
        _, question, sentence, _ = rng.choice(QA_POOL)
        user, reply = question, sentence
    else:
        user, reply = rng.choice(["Tell me a story.", "Tell me a short story.", "Can you tell me a story?"]), story(rng)
        reply = reply.split("\nQ: ")[0]
    return (f"{CHAT_START}user{CHAT_END}\n\n{user}{CHAT_EOT}{CHAT_START}assistant{CHAT_END}\n\n{reply}{CHAT_EOT}")


CHAT_START, CHAT_END, CHAT_EOT = "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"

KINDS = [(story, 0.29), (facts, 0.12), (animal_profile, 0.05), (qa, 0.19), (numbers, 0.05), (world, 0.05),
         (everyday, 0.07), (digits, 0.03), (big_letters, 0.03), (quiz, 0.04), (chat, 0.08)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--size-mb", type=float, default=4.0)
    ap.add_argument("--seed", type=int, default=1234)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    target = int(args.size_mb * 1_000_000)
    fns, weights = zip(*KINDS)
    size = 0
    docs = 0
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        while size < target:
            doc = rng.choices(fns, weights)[0](rng)
            out.write(json.dumps({"text": doc}, ensure_ascii=False) + "\n")
            size += len(doc.encode("utf-8"))
            docs += 1
    print(f"{args.out}: {docs} documents, {size} bytes")


if __name__ == "__main__":
    main()
