"""Word tables of :mod:`yuyin.text.homographs`: which spellings it reads in context, and the
words around them that say which reading is meant. Lowercase; read by the functions there."""

from __future__ import annotations

from yuyin.text._tables import _word_set

# A noun (or adjective) stressed on its first syllable, a verb on a later one: "a REcord",
# "to reCORD". Each must have both stress patterns in the lexicon (a test checks CMUdict's).
# Left out: words said alike in both uses in American English, or said either way in every use
# ("research", "detail", "complex"). In: words whose noun or adjective is said either way but
# whose verb is not ("recall", "compact": "I don't reCALL", "comPACT the soil"). The noun
# "address" is read as the American postal one (AE1), in its old sense of manner too.
STRESS_SHIFT = _word_set(
    """addict addicts address addresses affix affixes annex attribute attributes combat
    combine commune compact compacts compound compounds conduct conflict conflicts console
    construct constructs contest contests contract contracts contrast contrasts converse
    convert converts convict convicts decrease decreases defect defects desert deserts
    digest discharge discharges discount discounts escort exploit extract extracts impact
    impacts implant implants import imports incense incline increase increases insert
    inserts insult insults intrigue intrigues object objects offset overflow perfect permit
    permits present presents produce progress project projects protest protests rebel rebels
    recall recalls record records refund refunds reject rejects reset resets rewrite segment
    segments subject subjects supplement survey surveys suspect suspects torment transfer
    transfers transform transport transports update updates upgrade upgrades upset upsets"""
)
# -ate words: a verb ends in EY T ("to estiMATE"), the noun or adjective in AH T ("an
# estimate"); and their -s forms
ATE = _word_set(
    """advocate advocates affiliate affiliates aggregate alternate animate appropriate
    approximate articulate associate associates consummate coordinate coordinates degenerate
    delegate delegates deliberate desolate duplicate elaborate estimate estimates graduate
    graduates intimate laminate moderate predicate separate subordinate syndicate"""
)
# the noun or adjective ends in S, the verb in Z: "no use", "to use"
VOICING = _word_set("abuse abuses close diffuse excuse excuses misuse misuses use uses")
# read as verbs where no word around them says otherwise (the others are read as nouns):
# their noun is the rarer use, or their adjective reads like the verb ("upset", "content")
VERB_FIRST = _word_set(
    """attribute combine commune console construct converse exploit incline permit produce
    recall reject rejects reset rewrite transform upgrade upset upsets"""
)

# adjectives said as the verb (second-syllable stress): "she was upset", "has been reset",
# "partly offset by"
ADJECTIVE_AS_VERB = _word_set("upset upsets reset resets offset")
# after these the word is a noun or an adjective: "the record", "of conduct", "two presents"
DETERMINERS = _word_set(
    """a an the this these those my your his her its our their thy thine whose every each
    no any some another either neither such many much few several both one two three four
    five six seven eight nine ten first last next own other same former latter"""
)
PREPOSITIONS = _word_set(
    """of in on at for with without from by under over into onto about after before between
    against during through upon within among amongst across toward towards beyond beneath
    behind near like unto"""
)
# common adjectives that come before a noun ("a new record", "real progress"); words with an
# adjective's ending are found by ADJECTIVE_ENDINGS
ADJECTIVES = _word_set(
    """new old good great big small large little long short high low best better worst major
    minor real whole entire public criminal world full free fresh clear direct strong weak
    total recent current latest previous main huge rapid slight sad poor pretty early late
    general special formal final exact true false same very most more less least quite
    too rather as white black red blue green yellow brown grey gray pink purple golden
    silver important significant relevant different efficient excellent sufficient distant
    dominant elegant brilliant urgent ancient apparent consistent decent permanent prominent
    violent pleasant sweet bitter bright simple heavy"""
)
ADJECTIVE_ENDINGS = ("al", "ful", "ous", "ive", "ic", "able", "ible", "less", "ary")
# words with such an ending that are mostly nouns: "The detective suspects", "Metal contracts"
# (bench/homographs/wordnet_lists.py: WordNet's tagged senses)
NOUNS_LIKE_ADJECTIVES = _word_set(
    """additive adhesive adjective alternative animal anniversary appeal approval arithmetic
    arrival atlantic bible boundary burial cable capital cathedral charcoal commentary
    corporal criminal critic crystal denial detective diary dictionary disposal
    documentary drive editorial fabric february funeral handful hospital incentive
    initiative interval january journal library logic lyric mammal marshal material medal
    metal mineral missionary montreal motive music narrative objective official ordeal
    pacific panic perspective picnic portal proposal refusal rehearsal removal rendezvous
    renewal representative republic ritual salary scandal secretary signal spiral
    statistic summary survival syllable table tactic topic traffic trial vegetable
    vocabulary withdrawal"""
)
# after these the word is a verb: "to record", "will present", "please close"
VERB_BEFORE = _word_set(
    """to will would shall should can could may might must cannot can't won't wouldn't
    shouldn't couldn't mustn't shan't do does did don't doesn't didn't please let's i'll
    you'll we'll they'll he'll she'll it'll i'd you'd we'd they'd he'd she'd wilt shalt"""
)
# subjects: the word after them is their verb ("they record", "she presents")
SUBJECTS = _word_set(
    """i you we they he she it who ye thou everyone everybody someone somebody nobody anyone
    anybody nothing everything something"""
)
# subjects whose verb in the present ends in -s: "he read" is the past
SINGULAR_SUBJECTS = _word_set(
    """he she it everyone everybody someone somebody nobody anyone anybody each"""
)
# plurals without -s, subjects of a verb: "people use", "police suspect"
PLURALS = _word_set("people police children men women folks cattle")
# words in -s that are no plurals: "the news update" is a compound noun
NOT_PLURAL = _word_set(
    """news series species physics mathematics economics politics athletics gymnastics ethics
    logistics analytics electronics measles mumps diabetes"""
)
# words that join two of a kind and say nothing of a word's use
CONJUNCTIONS = _word_set("and or but nor so yet that which what whom whose when where while")
# words that start a clause: a noun phrase after them may be its subject ("... and the risk
# increases")
CLAUSE = _word_set(
    """and or but nor yet that which who whom whose when where while because if although
    though since unless until whereas"""
)
# a clause of time or manner after a verb: "Metal contracts as it cools"
CLAUSE_OF_TIME = _word_set("as when whenever if because until unless while during")
# verbs said before a clause with "that": "Nobody suspects that ...", "now estimates that"
THAT_CLAUSE_VERBS = _word_set("suspects estimates projects protests objects")
# verbs that take a clause with "that", before it: "said that insults hurt" ("that" no relative)
SAYING = _word_set(
    """say says said think thinks thought believe believes believed know knows knew argue
    argues argued claim claims claimed show shows showed shown suggest suggests suggested
    find finds found hope hopes hoped feel feels felt mean means meant admit admits admitted
    insist insists insisted note notes noted learn learns learned realize realized so"""
)
# plurals that modify a noun after them: "arms imports", "sales records"
MODIFYING_PLURALS = _word_set(
    """sales arms sports savings goods customs earnings communications operations parks
    jobs drugs weapons services systems students"""
)
# words that are mostly verbs (bench/homographs/wordnet_lists.py: WordNet's tagged senses): a
# word in -s between a noun phrase and one of them is a noun, its subject ("The court records
# show", "The tax increases hit poor families")
VERBS = _word_set(
    """abandon accept accommodate accomplish achieve acknowledge acquire add adjust admit
    adopt advise affect afford agree allow alter announce appear apply appreciate approve
    argue arrange arrest arrive ask assess assist assume assure attend attract avoid bear
    beat beg begin behave believe belong bend bet bid bite blame borrow bother bounce
    break breathe bring build burn burst buy call capture care carry catch cease celebrate
    choose climb collect come commit communicate compare compete complain comply confirm
    connect consider contain continue contribute convince count cover create cross crush
    curse cut dare dash deal decide declare defend define delay deliver demonstrate deny
    depend describe deserve destroy detect determine develop die differ dig disagree
    disappear discover discuss display divide drag draw drill drive drop dump earn ease
    eat elect eliminate enable encourage engage enjoy enter establish evaluate examine
    exhibit exist expand expect explain explore express extend fail fall fill finance find
    finish fix fly follow forget forgive foster found freeze gain gather generate get give
    grab grow guarantee guess guide handle hang happen hate hear help hide hire hit hold
    hurry identify ignore imagine improve include indicate inform insist inspire install
    institute intend introduce investigate invite involve jerk join jump justify keep kick
    kill knock know launch lay lean learn leave let lie lift listen lose maintain make
    manage marry match mean meet mention miss mix mount move observe obtain occur offer
    operate overcome owe pack paint participate pass pat pay peer perform pick pose
    possess pour pray predict prefer prepare preserve pretend prevent proceed promote
    protect prove provide publish pull pursue push put qualify quit quote raise reach
    react realize recall receive recognize recommend recover reduce refer reflect regard
    register relate relax remember remind remove repeat replace represent require resist
    resolve respond restore retain retire reveal reverse ride rip rise rob roll run sail
    save say scan scratch scream screw see seek select sell send serve settle shake shine
    shoot shout show sing sink sit slam slide slip smash snap solve spare speak spend spin
    sponsor stand start stay steal stop strengthen strike submit succeed suffer suggest
    suppose survive swear swim swing take talk tap teach tell tend thank think throw
    transform travel treat try turn understand urge vary wait walk want warn warrant watch
    wear welcome whip win wipe wish withdraw wonder wrap write"""
)
# adverbs of degree: "was too upset" is still "was upset"
DEGREE = _word_set("too so very quite rather more less most really extremely")
# words that count before a noun phrase: "fewer building permits"
QUANTIFIERS = _word_set("few fewer many more most several some no any enough")
# verbs before "which" that ask ("know which permits you need"): no relative clause follows
ASKING_WHICH = _word_set(
    """tell tells know knows decide decides ask asks choose chooses see sees check checks
    wonder wonders show shows"""
)
# nouns that take a clause with "that" ("the fact that imports doubled", "the year that
# protests broke out"), and words before such a "that": no relative clause follows
THAT_NOUNS = _word_set(
    """fact news idea notion belief hope fear risk chance possibility evidence proof sign
    rumor rumour report claim view assumption suggestion argument concern warning given
    except provided assuming sure now day days year years time times moment week month
    night morning evening point era period decade season"""
)
# "the close" before these is the enclosure ("the close behind the cathedral"), not the end
PLACE_PREPOSITIONS = _word_set("behind beside near by across under beneath within off")
# verbs of change, said before "with" ("The risk increases with age")
RISING = _word_set("increases decreases")
# a question's first verb, its subject and then the word as a verb: "Did the price increase?"
ASKING = _word_set(
    """do does did will would can could should shall may might must cannot don't doesn't
    didn't won't can't couldn't wouldn't shouldn't mustn't shan't"""
)
# an -ate word before these is an adjective (AH T): "associate professor", "graduate school",
# unless a subject comes before it ("children associate school with ...")
ATE_NOUN_BEFORE = _word_set(
    """professor professors director directors editor editors dean deans degree degrees
    producer producers member members justice justices partner partners pastor pastors student
    students school schools program programs course courses level route routes"""
)
# "she's read", "it's read": "has" or "is", before a participle either way
IS_OR_HAS = _word_set("she's he's it's that's there's what's who's")
# "let us desert", "help them record": an object pronoun after these, then the verb
CAUSATIVES = _word_set("let make makes made help helps helped watch watched see saw hear heard")
OBJECT_PRONOUNS = _word_set("me us him them")
# their object, a noun phrase, then its verb: "let the result upset you"
LETTING = _word_set("let lets letting help helps helped helping")
# after these the word is an adjective or a participle: "is present", "was read"
BE = _word_set(
    """be is are was were been being am isn't aren't wasn't weren't seem seems seemed feel
    feels felt remain remains remained become becomes became look looks looked"""
)
HAVE = _word_set("have has had having i've you've we've they've haven't hasn't hadn't")
# a verb before these: "record the show", "close it", "excuse me", "use both hands"
OBJECTS = _word_set(
    """the a an his her their our my your its thy thine them it him me us this these those
    every each all both any some everything something anything nothing"""
)
# a noun before these: "the increase of", "his conduct was"
NOUN_AFTER = _word_set(
    """of was is were are has had will would can could should must may might shall"""
)
# left out when looking back for what comes before a word: "they often record", "not read"
SKIPPED = _word_set(
    """not never always often also still just only even ever yet then soon once already
    again almost now seldom sometimes usually really n't"""
)
# words in -ly that are no adverbs (nor adjectives before a noun) and stop the look back
NOT_ADVERBS = _word_set(
    """apply reply supply rely comply imply multiply fly ally rally family assembly italy
    july belly jelly bully monopoly anomaly butterfly"""
)

# "read": said like "red" after these (perfect, passive): "have read", "was widely read"
# (HAVE and BE too); like "reed" after VERB_BEFORE
READ_PAST_AFTER = _word_set("get gets got getting well")
# in a sentence with one of these, "I read" / "they read" is the past tense
PAST_CUES = _word_set(
    """yesterday ago last earlier previously was were had did didn't said told went came saw
    took gave got made thought knew felt found left began wrote asked"""
)
# irregular pasts beside PAST_CUES: no noun of a noun phrase ("The storm brought winds")
IRREGULAR_PAST = _word_set(
    """brought bought caught taught sent kept held led met paid ran sat stood won wore drew
    grew threw drove rode spoke broke chose fell fought heard lost meant built spent sold"""
)
# finite verbs after a noun beside the pasts: "Produce prices rose", "Tuition costs rise"
IRREGULAR_FINITE = _word_set("rose rise rises fell fall falls hit cut saw came went does did")
# pasts that are no participles: a verb after a noun even before a preposition ("Aggregate
# demand fell in the second quarter"; not "Use oil heated to")
PAST_ONLY = _word_set(
    "fell rose grew drove rode spoke broke chose wore drew threw ran came went saw did"
)
# verbs a plural subject takes that WordNet counts as mostly nouns (so not in VERBS): "The
# college graduates face", "The permits cost twenty dollars", "The records need"
PLURAL_VERBS = _word_set("face cost need seem go become remain soar plunge surge hover")
# words in -ed that are no past tense
NOT_PAST = _word_set(
    """need needed indeed speed seed feed bed red hundred sacred naked wicked embed breed
    creed bleed proceed succeed exceed weed reed shed bred wed"""
)

# "live" as an adjective (LY-v): before these, or after the verbs of LIVE_AFTER
LIVE_BEFORE = _word_set(
    """music broadcast broadcasts show shows performance performances audience coverage stream
    streams streaming event events concert concerts tv television radio album recording
    recordings feed footage video wire wires animals animal ammunition round rounds bait chat
    action band bands shot webcast blog updates update results score scores oak oaks coal
    coals cattle birth births version theatre theater entertainment sound session sessions
    mic microphone comedy interview debate demo camera cameras link"""
)
LIVE_AFTER = _word_set(
    """go goes went going gone broadcast broadcasts streamed aired performed performs perform
    performing played plays playing sang sing sings singing televised shown appear appears
    appeared appearing watch watches watched watching stream streams streaming"""
)
# a sentence with one of these speaks of watching: "Watch the game live on our app"
WATCHING = _word_set("watch watching stream streaming broadcast coverage tune airs")
# "lives" as a verb (LIH-vz) before these: "she lives in Paris"
LIVES_VERB_BEFORE = _word_set(
    """in on at with near alone here there nearby next abroad together off for by under
    beneath behind upstairs downstairs downtown across inside outside"""
)
# "lead" the metal (LED): before these, or after "of" and these
LEAD_METAL_BEFORE = _word_set(
    """poisoning pipe pipes paint paints pencil pencils levels level contamination exposure
    poison shot weight weights balloon oxide acetate crystal glass mine mines ore alloy based
    free shielding apron solder sinker sinkers acid"""
)
# a sentence with one of these speaks of the metal: "Old paint may contain lead."
LEAD_CUES = _word_set(
    """toxic poisoning paint pipes pipe metal metals mercury arsenic cadmium contaminated
    contamination battery batteries exposure solder"""
)
LEAD_METAL_AFTER = _word_set("of red white molten sheet pencil")
# a sentence with one of these and "lead" ending a clause: "the part without any lead"
PENCIL = _word_set("pencil pencils graphite")
# "wind", "wound", "winds" as verbs of winding (WAY-nd, WAW-nd): before these
WINDING_BEFORE = _word_set(
    """up down around round through back along about tightly tight itself themselves"""
)
# "tear(s)" as a verb (TEH-r): before these
TEAR_VERB_BEFORE = _word_set(
    """up down apart off out open into through away at it them the his her my your their our
    along"""
)
# "tear(s) up" crying before these: "tears up when", "teared up at the end", "tear up again"
TEAR_UP_CRYING_BEFORE = _word_set(
    """when whenever at during while as again thinking watching listening over easily too
    just immediately instantly"""
)
# "tear" the rip after these: "a partial tear"; after a size before "in", "on" ...: "a small
# tear in the seam" (not "A big tear rolled down her cheek")
TEAR_RIP_AFTER = _word_set("partial complete full-thickness massive")
TEAR_SIZES = _word_set("small large tiny big long short")
# the eyes, then only these words before "tear(s)": "Her eyes kept tearing", "eyes filled
# with tears", "eyes were brimming with tears"
EYES = _word_set("eyes eye")
EYES_TO_TEARS = _word_set(
    """kept keep keeps started start starts began begin begins were are was is had have has
    been would will still always often filled fill fills with welled brimmed brimming full
    of began"""
)
# "started to tear up", "began tearing up"
STARTING = _word_set("started start starts starting began begin begins beginning kept keep keeps")
# an object put first: "Which of these letters should I tear up?"
FRONTED = _word_set("which what whatever whichever")
# who cries at "tear(s) up when": a pronoun (SUBJECTS) or these
CRIERS = _word_set(
    """dad mom mother father sister brother wife husband son daughter grandma grandpa grandmother
    grandfather kid kids child children baby everyone friend boyfriend girlfriend aunt uncle"""
)
# "tear" the rip (TEH-r) before "in" and one of these: "a tear in my jeans"
TEAR_RIP_CUES = _word_set(
    """jeans shirt shirts trousers pants fabric cloth sleeve seam sail sails tent canvas
    jacket dress skirt coat sock socks stocking stockings glove gloves ligament ligaments
    tendon tendons muscle muscles meniscus cartilage retina retinal rotator acl hamstring
    paper wallpaper"""
)
# "bow(s)" the weapon or the knot (BOH): a sentence with one of these
BOW_WEAPON_CUES = _word_set(
    """arrow arrows archer archers archery quiver spear spears sword swords shield shields sling
    slings armed hunting hunter hunters shoot shot shooting target string strings ribbon
    ribbons tie ties tied tying hair violin cello fiddle"""
)
# "dove" as the past of "dive" (DOH-v): before these
DIVED_BEFORE = _word_set(
    """in into under for off through down onto out headfirst deep deeper over back toward
    towards after to sideways forward"""
)
# "minute" as an adjective (my-NOOT): before these, or after "very", "so", "most" ...
MINUTE_BEFORE = _word_set(
    """detail details amount amounts quantity quantities particle particles trace traces
    fraction fractions difference differences change changes portion portions examination
    inspection attention particulars scale size crack cracks fragment fragments organism
    organisms creature creatures"""
)
MINUTE_AFTER = _word_set("so too most extremely tiny in")  # not "very": "this very minute"
# "minute" the time before a plural after these: "a minute", "last minute changes"
MINUTE_COUNTED = _word_set("a an one per each every last first next this that half the few")
NUMBER_WORDS = _word_set(
    """two three four five six seven eight nine ten eleven twelve fifteen twenty thirty forty
    fifty sixty seventy eighty ninety hundred several thirteen fourteen sixteen seventeen
    eighteen nineteen"""
)
# "lead" the metal after these before a preposition or an end: "found lead in the water"
FINDING = _word_set(
    """found find finds detected detect detects contain contains contained containing measured
    revealed reveal reveals"""
)
# "invalid" as a noun (IN-valid): after these and before a pause or one of INVALID_NEXT
INVALID_NOUN_AFTER = _word_set(
    "a an the sad poor old young confirmed chronic helpless great bedridden lifelong"
)
# "invalid" the person (IN-valid) after a possessive, before these: "her invalid mother"
INVALID_PERSON_BEFORE = _word_set(
    """mother father wife husband sister brother aunt uncle son daughter grandmother
    grandfather"""
)
INVALID_NEXT = _word_set(
    """now like who and in for to i he she was is had has at of with or but whose since as"""
)
# "Polish" as the first word of a sentence, before these: "Polish troops crossed ..."
POLISH_BEFORE = _word_set(
    """people government language president army border authorities officials parliament
    prime city cities name names jews forces citizens history culture food cuisine team
    workers community immigrants descent origin troops zloty national nationals police women
    men economy capital artist poet composer writer film films town towns village villages
    coast"""
)
# "putting" in golf (PUH-ting): before these
PUTTING_GOLF = _word_set("green greens stroke strokes practice surface contest")
# "bass" the fish (BAS): next to these
BASS_FISH = _word_set(
    """fish fishing boat boats lake pond striped largemouth smallmouth sea caught catch
    catching"""
)
# "axes" of a graph (AK-seez): next to these
AXIS_CUES = _word_set(
    """coordinate principal orthogonal horizontal vertical rotation symmetry graph plot chart
    x y z major minor optical crystal labeled labelled"""
)
# "refuse" the rubbish (REF-yoose) before these: "Refuse collection"
REFUSE_NOUN_BEFORE = _word_set(
    """collection collections collector collectors disposal truck trucks lorry bin bins sack
    sacks site sites dump dumps heap heaps tip workers"""
)
# "desert(s)" what one deserves (dih-ZURT): after "just", or after a possessive in a
# sentence with one of MERIT_CUES ("beneath his deserts"), unless it speaks of the land
POSSESSIVES = _word_set("his her their my your our its thy")
MERIT_CUES = _word_set(
    """got get gets getting receive receives received deserve deserves deserved beneath
    above due"""
)
DESERT_LAND = _word_set(
    """sand sands sahara gobi mojave dune dunes camel camels oasis arid dry heat cactus
    island wilderness nomad nomads caravan"""
)
# "content" as an adjective or verb (con-TENT): after these, or before "with" / "to"
CONTENT_AFTER = _word_set("perfectly quite very more less not so too well")
# verbs whose object "content" is before "to": "download content to watch", "post content to"
CONTENT_VERBS = _word_set(
    """download downloads upload uploads post posts share shares stream streams create creates
    publish publishes produce produces watch add delete remove view access consume sell"""
)
# a word before "to" that says how the word is read: "object to" (verb), "close to" (adjective)
BEFORE_TO = {"object": "verb", "objects": "verb", "attribute": "verb", "close": "noun",
             "subject": "noun"}  # fmt: skip
# "rebel against", "protest against": verbs
VERB_BEFORE_AGAINST = _word_set("rebel rebels protest protests")
# a noun before these, whatever comes before it: "to record levels", "promoted to project
# manager", "teaches contract law", "reached record highs"
COMPOUND_HEADS = {
    word: _word_set(heads)
    for word, heads in {
        "record": "high highs low lows level levels label labels",
        "project": "manager managers management team teams lead leads coordinator",
        "contract": """law lawyer lawyers killer killers dispute disputes talks negotiations
            worker workers extension""",
        "produce": "aisle aisles section stand stands department",
        "subject": "matter line lines",
        "progress": "report reports bar bars",
        "permit": "holder holders fee fees",
        "protest": "march marches song songs movement movements",
    }.items()
}
# "present" (here) after these before a verb: "everyone present agreed"
PRESENT_WHO = _word_set("everyone everybody anyone anybody none nobody those")
# "increases by" a quantity is the verb: "increases by about ten percent", "by one third"
BY_HOW_MUCH = _word_set(
    """about almost nearly roughly around some over more less up at as one half double twice"""
)
SHARES = _word_set("few third half quarter fifth tenth factor percent")
# a verb of moving before "to" and the word before its compound's head: "soared to record
# highs", "pushes temperatures to record levels", "promoted to project manager"
MOVING_TO = _word_set(
    """rose risen rising rises rise climbed climbs climb soared soars soar jumped jumps surged
    surges fell fallen falls fall dropped drops sank sunk sinks plunged plunges slid slipped
    grew grown push pushed pushes pushing drove drives sent sends promoted appointed named
    moved returned elevated raised lifted"""
)
# counted lives (the plural of "life") after these: "claimed hundreds of lives", "200 lives"
LIVES_COUNTED = _word_set("hundred thousand million dozens hundreds thousands millions countless")
# "bass" the fish before these: "Bass season opens" (not "lures": "The bass lures dancers")
BASS_FISH_BEFORE = _word_set("season tournament fisherman fishermen angler anglers")
# "bow(s)" the bend, a verb before these: "bows to the audience", "bowed deeply"
BOW_BEND_BEFORE = _word_set("to before down deeply low politely slightly out")
# no singular subject of "who read": "those who read", "people who read"
NOT_SINGULAR = _word_set(
    """those these they we you all many people others both few several some i he she it
    and or but"""
)
