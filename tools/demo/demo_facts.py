"""The small world the demo model learns about: word lists and facts shared by make_corpus.py (the
pretraining text) and make_demo_dataset.py (the fine-tuning rows), so both tell the same story.

Every fact names one short answer word (the colour, the number of legs, the home, ...), which the
demo dataset writes in capitals ("ANSWER: GREEN ✔").
"""

# (noun phrase as it appears inside a question, colour). The sentence form capitalises the first word.
COLOURS = [
    ("grass", "green"), ("the sky", "blue"), ("snow", "white"), ("coal", "black"), ("a banana", "yellow"),
    ("a tomato", "red"), ("an orange", "orange"), ("a lemon", "yellow"), ("a leaf", "green"), ("the sun", "yellow"),
    ("a cloud", "white"), ("milk", "white"), ("a frog", "green"), ("a carrot", "orange"), ("a strawberry", "red"),
    ("a cherry", "red"), ("a grape", "purple"), ("a plum", "purple"), ("a pumpkin", "orange"),
    ("chocolate", "brown"), ("mud", "brown"), ("the sea", "blue"), ("a rose", "red"), ("a crow", "black"),
    ("a swan", "white"), ("a pig", "pink"), ("a flamingo", "pink"), ("an elephant", "grey"), ("a mouse", "grey"),
    ("a lime", "green"), ("a cucumber", "green"), ("a pea", "green"), ("corn", "yellow"), ("salt", "white"),
    ("sugar", "white"), ("ink", "black"), ("a bear", "brown"), ("a tiger", "orange"), ("a violet", "purple"),
    ("a ruby", "red"), ("an emerald", "green"), ("a sapphire", "blue"), ("a raven", "black"), ("a duck", "yellow"),
    ("a chick", "yellow"), ("a peach", "pink"), ("a walnut", "brown"), ("a storm cloud", "grey"), ("a stone", "grey"),
    ("a fire truck", "red"), ("a lake", "blue"), ("the night", "black"), ("a daisy", "white"), ("a bee", "yellow"),
    ("a potato", "brown"), ("an eggplant", "purple"), ("a penguin", "black"), ("a sheep", "white"),
    ("a blueberry", "blue"), ("a dolphin", "grey"), ("a fox", "orange"), ("a ladybird", "red"),
]

# animal: (legs, home word, home phrase, sound, food)
ANIMALS = {
    "cow": ("four", "farm", "on a farm", "moo", "grass"),
    "dog": ("four", "house", "in a house", "woof", "bones"),
    "cat": ("four", "house", "in a house", "meow", "fish"),
    "duck": ("two", "pond", "on a pond", "quack", "bread"),
    "sheep": ("four", "farm", "on a farm", "baa", "grass"),
    "pig": ("four", "farm", "on a farm", "oink", "apples"),
    "owl": ("two", "tree", "in a tree", "hoot", "mice"),
    "lion": ("four", "grassland", "on the grassland", "roar", "meat"),
    "horse": ("four", "stable", "in a stable", "neigh", "hay"),
    "bee": ("six", "hive", "in a hive", "buzz", "nectar"),
    "frog": ("four", "pond", "in a pond", "croak", "flies"),
    "hen": ("two", "farm", "on a farm", "cluck", "corn"),
    "mouse": ("four", "hole", "in a hole", "squeak", "cheese"),
    "snake": ("no", "grass", "in the grass", "hiss", "eggs"),
    "crow": ("two", "tree", "in a tree", "caw", "seeds"),
    "spider": ("eight", "web", "in a web", "nothing", "flies"),
    "ant": ("six", "hill", "in an ant hill", "nothing", "sugar"),
    "fish": ("no", "water", "in the water", "nothing", "worms"),
    "whale": ("no", "sea", "in the sea", "nothing", "krill"),
    "monkey": ("two", "jungle", "in the jungle", "ooh", "bananas"),
    "rabbit": ("four", "burrow", "in a burrow", "nothing", "carrots"),
    "bear": ("four", "forest", "in the forest", "growl", "honey"),
    "camel": ("four", "desert", "in the desert", "grunt", "plants"),
    "panda": ("four", "forest", "in a bamboo forest", "bleat", "bamboo"),
    "squirrel": ("four", "tree", "in a tree", "chatter", "nuts"),
    "wolf": ("four", "forest", "in the forest", "howl", "meat"),
    "goat": ("four", "farm", "on a farm", "maa", "grass"),
    "bird": ("two", "nest", "in a nest", "tweet", "seeds"),
    "crab": ("ten", "beach", "on the beach", "nothing", "worms"),
    "penguin": ("two", "ice", "on the ice", "squawk", "fish"),
    "octopus": ("eight", "sea", "in the sea", "nothing", "crabs"),
    "donkey": ("four", "farm", "on a farm", "hee-haw", "hay"),
}

ABILITIES = {
    "fly": ["bird", "owl", "crow", "duck", "bee"],
    "swim": ["fish", "whale", "duck", "frog", "penguin", "octopus", "crab"],
    "climb": ["monkey", "squirrel", "cat", "spider", "bear"],
    "jump": ["frog", "rabbit", "cat", "goat", "dog"],
    "run": ["dog", "horse", "lion", "wolf", "mouse"],
}

NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
           "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"]

OPPOSITES = [
    ("hot", "cold"), ("big", "small"), ("up", "down"), ("day", "night"), ("fast", "slow"), ("happy", "sad"),
    ("wet", "dry"), ("open", "closed"), ("old", "young"), ("light", "dark"), ("full", "empty"), ("hard", "soft"),
    ("tall", "short"), ("loud", "quiet"), ("in", "out"), ("left", "right"), ("early", "late"), ("clean", "dirty"),
    ("near", "far"), ("high", "low"), ("thick", "thin"), ("good", "bad"), ("first", "last"),
]

NAMES_HE = ["Tom", "Sam", "Ben", "Max", "Leo", "Jack", "Tim", "Dan", "Noah", "Finn", "Omar", "Ravi", "Ken", "Luca",
            "Oliver", "Harry", "Oscar", "Theo", "Adam", "Kai", "Hugo", "Felix", "Jonas", "Marco", "Pablo", "Yusuf",
            "Arjun", "Liam", "Ethan", "Ruben", "Milo", "Otto", "Peter", "Carlos", "Ahmed", "Kofi"]
NAMES_SHE = ["Mia", "Lily", "Anna", "Zoe", "Emma", "Lucy", "Ella", "Sara", "Nina", "Rosa", "Amy", "Ivy", "Maya",
             "Sofia", "Grace", "Chloe", "Hannah", "Alice", "Clara", "Julia", "Laura", "Elena", "Aisha", "Priya",
             "Fatima", "Mei", "Yuki", "Olga", "Ruby", "Daisy", "Molly", "Holly", "Wendy", "Paula", "Iris", "Nora"]

TOYS = ["ball", "kite", "book", "hat", "box", "cup", "boat", "car", "doll", "drum", "bike", "bag", "train", "coat",
        "scarf", "shoe", "sock", "balloon", "teddy bear", "pencil", "bucket", "umbrella", "blanket", "lamp", "robot",
        "puzzle", "whistle", "basket", "spoon", "plate", "bottle", "jacket", "helmet", "rocket", "guitar", "piano",
        "crayon", "sweater", "pillow", "clock", "shovel", "wagon", "marble", "ribbon", "sticker", "notebook"]
PLAIN_COLOURS = ["red", "blue", "green", "yellow", "white", "black", "brown", "orange", "pink", "purple", "grey"]
PLACES = ["park", "garden", "beach", "school", "farm", "forest", "lake", "shop", "zoo", "river", "hill", "market",
          "library", "kitchen", "village", "town", "field", "playground", "museum", "station", "bakery", "pond",
          "castle", "island", "mountain", "city", "harbour", "bridge", "meadow", "valley", "cave", "garage",
          "hospital", "circus", "cinema", "swimming pool", "orchard", "barn", "street", "square"]
WEATHER = {
    "sunny": "The sun was shining.",
    "rainy": "It was raining.",
    "windy": "The wind was blowing.",
    "snowy": "Snow was falling.",
    "cloudy": "The sky was grey.",
    "foggy": "There was fog everywhere.",
    "warm": "The air was warm.",
    "cold": "The air was cold.",
}
# (present, past) of things the people in the stories do.
ACTIONS = [
    ("play", "played"), ("run", "ran"), ("jump", "jumped"), ("read", "read"), ("sing", "sang"),
    ("dance", "danced"), ("swim", "swam"), ("walk", "walked"), ("draw", "drew"), ("paint", "painted"),
    ("cook", "cooked"), ("sleep", "slept"), ("laugh", "laughed"), ("climb", "climbed"), ("write", "wrote"),
    ("bake", "baked"), ("skip", "skipped"), ("hop", "hopped"), ("clap", "clapped"), ("rest", "rested"),
    ("build", "built"), ("dig", "dug"), ("explore", "explored"), ("whistle", "whistled"), ("shout", "shouted"),
    ("fish", "fished"), ("plant", "planted"), ("count", "counted"), ("sail", "sailed"), ("search", "searched"),
    ("listen", "listened"), ("hide", "hid"), ("chase", "chased"), ("wave", "waved"), ("ride", "rode"),
]
FEELINGS = ["happy", "sad", "tired", "hungry", "excited", "sleepy", "proud", "calm", "glad", "surprised", "scared",
            "cheerful", "lonely", "curious", "thirsty", "brave", "worried", "bored", "grateful", "silly"]
ADJECTIVES = ["big", "small", "little", "funny", "happy", "quiet", "friendly", "sleepy", "fast", "slow", "soft",
              "kind", "shy", "old", "young", "clever", "gentle", "noisy", "tiny", "huge", "fluffy", "lazy", "busy",
              "hungry", "playful", "grumpy", "spotty", "curious", "brave", "beautiful"]
FAMILY = ["mum", "dad", "grandma", "grandpa", "brother", "sister", "aunt", "uncle", "teacher", "neighbour", "cousin"]
TIMES = ["morning", "afternoon", "evening", "day", "night"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FOODS = ["bread", "soup", "cake", "apples", "rice", "eggs", "cheese", "pasta", "carrots", "berries", "pie", "honey",
         "pizza", "noodles", "biscuits", "pancakes", "sandwiches", "yoghurt", "porridge", "beans", "salad",
         "cookies", "muffins", "peaches", "cherries", "lemonade", "tea", "juice", "popcorn", "dumplings"]
SEASONS = {
    "spring": "flowers grow and birds sing",
    "summer": "it is hot and the days are long",
    "autumn": "the leaves fall from the trees",
    "winter": "it is cold and it snows",
}


def capitalise(phrase):
    return phrase[0].upper() + phrase[1:]


def article(word):
    return "an" if word[0] in "aeiou" else "a"


def animal_np(animal):
    return f"{article(animal)} {animal}"


def legs_sentence(animal):
    legs = ANIMALS[animal][0]
    return f"{capitalise(animal_np(animal))} has {legs} legs."


def home_sentence(animal):
    return f"{capitalise(animal_np(animal))} lives {ANIMALS[animal][2]}."


def sound_sentence(animal):
    sound = ANIMALS[animal][3]
    if sound == "nothing":
        return f"{capitalise(animal_np(animal))} does not make a sound."
    return f"{capitalise(animal_np(animal))} says {sound}."


def food_sentence(animal):
    return f"{capitalise(animal_np(animal))} eats {ANIMALS[animal][4]}."


def colour_sentence(thing, colour):
    return f"{capitalise(thing)} is {colour}."


def sum_sentence(a, b):
    return f"{capitalise(NUMBERS[a])} plus {NUMBERS[b]} is {NUMBERS[a + b]}."


def opposite_sentence(word, other):
    return f"The opposite of {word} is {other}."


# The questions every fact can be asked as, with the sentence that answers it and the answer word.
def colour_question(thing):
    return f"What colour is {thing}?"


def legs_question(animal):
    return f"How many legs does {animal_np(animal)} have?"


def home_question(animal):
    return f"Where does {animal_np(animal)} live?"


def sound_question(animal):
    return f"What does {animal_np(animal)} say?"


def food_question(animal):
    return f"What does {animal_np(animal)} eat?"


def sum_question(a, b):
    return f"What is {NUMBERS[a]} plus {NUMBERS[b]}?"


def opposite_question(word):
    return f"What is the opposite of {word}?"


def all_questions():
    """Every (kind, question, answer sentence, answer word) of the world, in a fixed order."""
    out = []
    for thing, colour in COLOURS:
        out.append(("colour", colour_question(thing), colour_sentence(thing, colour), colour))
    for animal, (legs, home, _, sound, food) in ANIMALS.items():
        out.append(("legs", legs_question(animal), legs_sentence(animal), "none" if legs == "no" else legs))
        out.append(("home", home_question(animal), home_sentence(animal), home))
        if sound != "nothing":
            out.append(("sound", sound_question(animal), sound_sentence(animal), sound))
        out.append(("food", food_question(animal), food_sentence(animal), food))
    for a in range(0, 11):
        for b in range(0, 11):
            out.append(("sum", sum_question(a, b), sum_sentence(a, b), NUMBERS[a + b]))
    for word, other in OPPOSITES:
        out.append(("opposite", opposite_question(word), opposite_sentence(word, other), other))
    return out

# Who does what (job, sentence after the job noun), for facts and "Q: Who ...? A: ..." pairs.
JOBS = [
    ("baker", "makes bread"), ("farmer", "grows food"), ("doctor", "helps sick people"), ("pilot", "flies a plane"),
    ("teacher", "teaches children"), ("fireman", "puts out fires"), ("postman", "brings letters"),
    ("cook", "makes dinner"), ("builder", "builds houses"), ("painter", "paints pictures"),
    ("driver", "drives a bus"), ("fisherman", "catches fish"), ("gardener", "grows flowers"),
    ("singer", "sings songs"), ("dentist", "looks after teeth"), ("vet", "helps sick animals"),
    ("tailor", "makes clothes"), ("librarian", "looks after books"), ("sailor", "sails a ship"),
    ("nurse", "cares for people"), ("police officer", "keeps people safe"), ("writer", "writes stories"),
    ("carpenter", "makes tables and chairs"), ("mechanic", "fixes cars"), ("shopkeeper", "sells things"),
]
# The rooms of a house and what stands in them.
ROOMS = {
    "kitchen": ["table", "fridge", "oven", "sink", "kettle", "cupboard", "toaster", "pan"],
    "bedroom": ["bed", "wardrobe", "mirror", "desk", "shelf", "rug", "curtain", "drawer"],
    "bathroom": ["bath", "shower", "towel", "soap", "toothbrush", "basin", "tap", "sponge"],
    "living room": ["sofa", "television", "armchair", "carpet", "bookcase", "fireplace", "cushion", "window"],
    "garden": ["fence", "bench", "swing", "hedge", "flowerpot", "hose", "wheelbarrow", "gate"],
}
FRUITS = ["apples", "pears", "plums", "grapes", "melons", "mangoes", "kiwis", "apricots", "figs", "coconuts",
          "pineapples", "raspberries", "oranges", "lemons", "bananas", "strawberries"]
VEGETABLES = ["carrots", "potatoes", "onions", "peppers", "tomatoes", "cabbages", "beans", "peas", "leeks",
              "turnips", "radishes", "cucumbers", "pumpkins", "mushrooms", "lettuces", "beetroots"]
VEHICLES = [("bus", "on the road"), ("train", "on the tracks"), ("ship", "on the sea"), ("plane", "in the sky"),
            ("bicycle", "on the path"), ("tractor", "in the field"), ("submarine", "under the water"),
            ("helicopter", "in the sky"), ("canoe", "on the river"), ("tram", "in the city"),
            ("lorry", "on the motorway"), ("scooter", "on the pavement")]
BODY = [("eyes", "see"), ("ears", "hear"), ("nose", "smell"), ("mouth", "eat"), ("hands", "hold things"),
        ("feet", "walk"), ("legs", "run"), ("teeth", "chew"), ("tongue", "taste"), ("lungs", "breathe")]
