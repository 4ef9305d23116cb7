"""A worried question about a named condition, or a condition named as long past, is calm;
the same alarming words about a condition happening now stay an emergency (clinical spec,
version 3, the typed-message safety net, points 3 and 5).

The `asking_about` and `long_ago` concepts of content/safety/<code>.yaml silence the rules that
only name a condition (stroke_named, seizure_named...) within the same sentence. These sentences
were written for this file, in every language: the ways people ask whether a twitch is a
warning of, points to, signals or comes before a condition, and say that it was in childhood
or as a teenager; and, with the same words, a condition that is happening now.
"""

from __future__ import annotations

import pytest

from tgbot.core.knowledge import Library
from tgbot.core.safety.net import SafetyNet


@pytest.fixture(scope="module")
def net(library: Library) -> SafetyNet:
    """The net of the run's library: every language's lists are read on every message."""
    return library.english.safety.net


CALM: dict[str, list[str]] = {
    "en": [
        "is a fluttering eyelid a warning of an oncoming stroke?",
        "does a twitch in my cheek point to a stroke",
        "could the jumping in my calf indicate a seizure disorder",
        "do eye twitches signal that a stroke is on the way",
        "is facial twitching a forerunner of a stroke?",
        "do muscle spasms usually come before a seizure",
        "can constant eyelid flickering herald a stroke",
        "does thumb twitching mean a stroke is about to happen",
        "are twitches a warning that a heart attack is coming?",
        "does a twitchy eyelid predict a stroke",
        "would twitching lips be an early hint of a stroke",
        "can jerking legs at night precede a seizure",
        "I had febrile seizures as a toddler, is that why my eye twitches?",
        "I had one seizure in my teens and none since, my calf twitches a lot",
        "my only seizure happened at age 9, now my thumb twitches",
        "as a teenager I had a convulsion once, now my lip twitches",
        "i had meningitis as a baby, could my twitching be from that",
        "when I was younger I had a seizure after a fever, now my eyelid jumps",
        "had a small stroke ages ago, my calf cramps at night",
        "I had a seizure once when I was in high school, is my twitching connected",
        "i had a seizure back when i was 12, my hand twitches now",
        "my sister had a seizure as an infant, is twitching inherited?",
    ],
    "de": [
        "ist Lidzucken ein Warnsignal für einen Schlaganfall?",
        "weist Muskelzucken auf einen Schlaganfall hin?",
        "kündigt Augenzucken einen Schlaganfall an?",
        "kündigt sich ein Schlaganfall durch Zucken im Gesicht an?",
        "sprechen ständige Zuckungen für einen epileptischen Anfall?",
        "geht einem Schlaganfall oft ein Zucken im Auge voraus?",
        "heißt das Zucken im Mundwinkel, dass ein Schlaganfall kommt?",
        "droht mir ein Schlaganfall, wenn mein Lid dauernd flattert?",
        "ist ein zitterndes Augenlid eine Vorwarnung für einen Herzinfarkt",
        "kommt vor einem Krampfanfall so ein Muskelzucken?",
        "steht ein Schlaganfall bevor, wenn die Wange zuckt?",
        "lässt Wadenzucken auf eine Epilepsie schließen?",
        "ich hatte als Baby einen Fieberkrampf und jetzt zuckt mein Augenlid oft",
        "als Kleinkind hatte ich mal einen Krampfanfall, seitdem nie wieder",
        "in der Pubertät hatte ich einen einzigen Krampfanfall, jetzt zuckt mein Daumen",
        "mein einziger Krampfanfall war mit 14, ist das Zucken jetzt gefährlich?",
        "als ich 10 war hatte ich eine Hirnhautentzündung, jetzt zucken meine Waden",
        "in meiner Jugend hatte ich Krampfanfälle, heute zuckt nur noch das Auge",
        "den Schlaganfall hatte ich vor ewiger Zeit, jetzt krampft nachts die Wade",
        "während der Schulzeit hatte ich einen Krampfanfall, jetzt zuckt es im Oberschenkel",
        "hatte im Kindesalter Epilepsie, kann das Lidzucken damit zusammenhängen",
        "der Schlaganfall ist schon ewig her, meine Hand zuckt trotzdem manchmal",
    ],
    "es": [
        "el parpado que tiembla es una advertencia de un derrame cerebral?",
        "que me tiemble el ojo puede anunciar un ictus?",
        "los tics en la cara avisan de un infarto cerebral?",
        "el temblor en el labio apunta a un ictus?",
        "los calambres vienen antes de una convulsion?",
        "si me tiembla el parpado es que me va a dar un ictus?",
        "un musculo que salta indica que viene una convulsion?",
        "las fasciculaciones presagian un ictus?",
        "el tic del ojo es un aviso previo de infarto?",
        "el temblor del parpado predice un derrame cerebral?",
        "que el pulgar me salte significa que se acerca un ictus?",
        "un parpadeo constante es la antesala de una convulsion?",
        "de bebe tuve convulsiones febriles y ahora me tiembla el ojo",
        "cuando tenia 8 años tuve una convulsion, ahora me salta la pantorrilla",
        "en la adolescencia tuve una única convulsión; hoy lo que noto es el párpado temblando",
        "de adolescente me dio una convulsion una vez, ahora tengo calambres",
        "mi unica convulsion fue a los 12 años, es por eso que me tiembla el ojo?",
        "tuve meningitis en la infancia, ahora me tiemblan los musculos",
        "cuando iba al colegio tuve un ataque epileptico, ahora me tiembla el labio",
        "cuando era adolescente tuve una convulsion y desde ahi nada",
        "tuve un ictus hace muchisimo, ahora me dan calambres de noche",
        "de crio tuve una convulsion, me salta el ojo ahora",
    ],
    "fr": [
        "est-ce qu'une paupière qui saute est un avertissement d'AVC ?",
        "une paupière qui tremble, ça peut prévenir d'un AVC ?",
        "les tics au visage annoncent-ils un AVC ?",
        "est-ce que des fasciculations indiquent une crise d'épilepsie ?",
        "un oeil qui saute, ça veut dire qu'un AVC arrive ?",
        "les crampes viennent-elles avant une crise d'épilepsie ?",
        "un tremblement de la lèvre présage-t-il un AVC ?",
        "est-ce que les tics précèdent un infarctus ?",
        "mon pouce qui tressaute, c'est le signe avant un AVC ?",
        "les secousses de la paupière font-elles penser à un AVC ?",
        "est ce que ma joue qui saute veut dire que je vais faire un AVC",
        "un muscle qui saute peut-il être un signal d'alarme d'un AVC ?",
        "étant bébé j'ai eu des convulsions avec la fièvre, est-ce pour ça que ma paupière saute",
        "à 9 ans j'ai eu une seule crise d'épilepsie, aujourd'hui c'est mon mollet qui saute",
        "ma seule crise d'épilepsie c'était en primaire, est-ce lié à mes tics ?",
        "j'ai eu une méningite quand j'étais bébé, mes muscles tressautent",
        "quand j'étais ado j'ai fait une convulsion, là j'ai des crampes la nuit",
        "pendant mon adolescence j'ai eu des convulsions, maintenant ma paupière tremble",
        "mon AVC remonte à il y a une éternité, ce sont des crampes au mollet qui m'amènent",
        "quand j'étais au collège, une unique crise d'épilepsie ; depuis hier ma lèvre tremble",
        "en bas âge j'ai fait des convulsions, ma paupière saute",
    ],
    "pt": [
        "pálpebra tremendo é um alerta de AVC?",
        "o tremor na pálpebra pode anunciar um AVC?",
        "tique no rosto aponta para um derrame?",
        "fasciculação indica uma convulsão?",
        "se o meu olho treme quer dizer que vou ter um AVC?",
        "as cãibras vêm antes de uma convulsão?",
        "o tremor na pálpebra prevê um AVC?",
        "o olho a tremer é um aviso prévio de enfarte?",
        "tremor no lábio é prenúncio de AVC?",
        "o músculo pulando significa que um derrame está chegando?",
        "espasmos no rosto antecedem um AVC?",
        "pálpebra pulando é um alarme de AVC?",
        "tive convulsões febris quando era bebê e agora meu olho treme",
        "aos 9 anos tive uma convulsão, agora minha panturrilha treme",
        "na adolescência tive uma única convulsão e agora a pálpebra treme",
        "quando era adolescente tive uma convulsão, agora tenho cãibras",
        "minha única convulsão foi aos 12 anos, é por isso que o olho treme?",
        "tive meningite em bebê, agora os músculos tremem",
        "no tempo do colégio tive uma crise epilética, agora o lábio treme",
        "em adolescente tive uma convulsão e desde aí nada",
        "tive um AVC há imenso tempo, agora tenho cãibras à noite",
        "quando eu era garoto tive uma convulsão, o olho pula agora",
    ],
    "ru": [
        "может подёргивание века быть предупреждением об инсульте?",
        "дёргается глаз, это предвещает инсульт?",
        "тик на лице указывает ли на инсульт?",
        "подёргивания мышц говорят о приближении инсульта?",
        "судороги в икрах бывают перед эпилептическим приступом?",
        "если дёргается веко, значит скоро будет инсульт?",
        "фасцикуляции сигнализируют об инсульте?",
        "дёргание губы предшествует инсульту?",
        "дергается глаз, это к инсульту?",
        "тремор века сигнал надвигающегося инсульта?",
        "подёргивание щеки говорит о том, что будет инсульт?",
        "дёргается палец, это первый звоночек инсульта?",
        "в младенчестве были фебрильные судороги, сейчас дёргается веко",
        "в 9 лет у меня был эпилептический приступ, сейчас дёргается икра",
        "подростком у меня был один судорожный припадок, теперь дергается глаз",
        "единственный припадок был в 12 лет, из-за этого дёргается веко?",
        "в раннем возрасте перенёс менингит, сейчас дёргаются мышцы",
        "в школьные годы был эпилептический приступ, сейчас дёргается губа",
        "когда я был ребёнком, у меня был припадок, с тех пор ничего",
        "когда мне было 14, был судорожный приступ, теперь сводит ногу",
        "у меня был инсульт сто лет назад, сейчас ночью сводит икры",
        "в юношестве был эпилептический приступ, сейчас дёргается веко",
    ],
}

ALARMED: dict[str, list[str]] = {
    "en": [
        "my husband is having a stroke, his mouth points down on one side",
        "dad is having a seizure on the kitchen floor, there was no warning",
        "could this be a stroke? her face is drooping and her arm is weak",
        "is my grandad having a stroke? he can't lift his arm and his words are slurred",
        "my wife just had a seizure and now she won't wake up",
        "help, my friend is having a seizure, he is a teenager and he won't stop shaking",
        "my baby is having a seizure right now",
        "my little girl is having a convulsion this minute, she is burning up",
        "stroke! his face is hanging down on the left, the ambulance is coming",
        "my mother is having a heart attack, the pain points to her left arm",
        "it's a stroke, I know the signals, his arm went dead and he can't talk",
        "my teenage son is having a seizure now, come quick",
        "the kid next door is having a seizure, it came on before lunch and it will not stop",
        "I think my dad is having a heart attack right now, he is grey and sweating",
        "my roommate is having a seizure in college right now",
        "I mean the ambulance is coming, she is having a seizure",
    ],
    "de": [
        "mein Vater hat gerade einen Schlaganfall, sein Mundwinkel zeigt nach unten",
        "meine Frau hat jetzt einen Krampfanfall, ganz ohne Vorwarnung",
        "ist das ein Schlaganfall? ihr Gesicht hängt auf einer Seite runter",
        "mein Baby hat gerade einen Krampfanfall",
        "mein Sohn ist Teenager und hat gerade einen Krampfanfall im Wohnzimmer",
        "Opa hat einen Schlaganfall, er kündigt an dass er nicht mehr sprechen kann",
        "meine Mutter hat gerade einen Herzinfarkt, es kam ohne jedes Warnsignal",
        "ich glaube mein Mann hat einen Schlaganfall, sein Arm ist schlaff und er lallt",
        "die Kleine krampft und reagiert nicht, hatte als Baby schon Fieberkrämpfe",
        "mein Kollege hat einen epileptischen Anfall im Büro, er zuckt am "
        "ganzen Körper und reagiert nicht",
        "meine Schwester hat gerade einen Schlaganfall, sie weist auf ihren "
        "Arm und kann nicht sprechen",
        "Hilfe, mein Freund hat einen Krampfanfall, das kommt vor dem Essen "
        "manchmal, aber jetzt hört es nicht auf",
        "ein Kind hat im Kindergarten gerade einen Krampfanfall",
        "ich hoffe dass der Notarzt bald kommt, mein Mann hat einen Schlaganfall",
    ],
    "es": [
        "mi padre esta teniendo un ictus ahora mismo, la boca le apunta hacia un lado",
        "mi mujer esta convulsionando en el suelo sin ningun aviso",
        "es un ictus? tiene la cara caida de un lado",
        "mi bebe esta teniendo una convulsion ahora mismo",
        "mi hijo adolescente esta convulsionando en el salon",
        "a mi abuelo le esta dando un ictus, no puede hablar y tiene el brazo dormido",
        "creo que mi marido esta teniendo un infarto, se agarra el pecho",
        "mi amiga tiene una convulsion en la calle y no responde",
        "le esta dando un derrame cerebral a mi madre, indica con la mano que no puede hablar",
        "mi hermano esta teniendo una convulsion, empezo antes de comer y no para",
        "mi tio tiene un ictus ahora, se le cae la cara",
        "socorro mi novio esta convulsionando y es la primera vez",
        "un alumno esta convulsionando en el colegio",
        "a mi abuelo le esta dando un ictus, se acerca la ambulancia",
    ],
    "fr": [
        "mon père fait un AVC en ce moment, sa bouche pend d'un côté",
        "ma femme fait une crise d'épilepsie par terre, sans aucun avertissement",
        "c'est un AVC ? sa bouche s'affaisse d'un côté",
        "mon bébé fait une crise de convulsions là maintenant",
        "mon fils ado fait une crise d'épilepsie dans le salon",
        "mon grand-père fait un AVC, il indique son bras qui ne bouge plus",
        "je crois que mon mari fait un infarctus, il se tient la poitrine",
        "mon amie convulse dans la rue et ne répond plus",
        "ma mère fait un AVC, ça arrive d'un coup, elle parle bizarrement",
        "mon frère fait une crise d'épilepsie, ça a commencé avant le repas et ça ne s'arrête pas",
        "mon oncle fait un AVC maintenant, son visage est tout croche",
        "au secours mon copain fait des convulsions pour la première fois",
        "un élève fait une crise d'épilepsie au collège",
        "une petite fait des convulsions en maternelle, la maîtresse appelle",
    ],
    "pt": [
        "meu pai está tendo um AVC agora, a boca está caída para um lado",
        "minha mulher está a ter uma convulsão no chão, sem nenhum aviso",
        "é um AVC? a cara dela está caída de um lado",
        "meu bebê está tendo uma convulsão agora",
        "meu filho adolescente está tendo uma convulsão na sala",
        "o meu avô está a ter um AVC, não consegue falar e o braço está dormente",
        "acho que o meu marido está a ter um enfarte, agarra o peito",
        "minha amiga está tendo uma convulsão na rua e não responde",
        "minha mãe está tendo um AVC, ela aponta para o braço que não mexe",
        "meu irmão está tendo uma convulsão, começou antes do almoço e não para",
        "meu tio está tendo um derrame agora, a cara caiu",
        "socorro meu namorado está convulsionando pela primeira vez",
        "um aluno está tendo uma convulsão na escola",
        "a minha filha está a ter uma convulsão no colégio",
    ],
    "ru": [
        "у отца прямо сейчас инсульт, рот перекосило на одну сторону",
        "у жены эпилептический приступ на полу, без всякого предупреждения",
        "это инсульт? у неё лицо перекошено на одну сторону",
        "у моего малыша сейчас судорожный приступ",
        "у сына-подростка сейчас эпилептический приступ",
        "у дедушки инсульт, он указывает на руку, которая не двигается",
        "кажется у мужа инфаркт, держится за грудь",
        "у подруги эпилептический припадок на улице, она не отвечает",
        "у мамы инсульт, она говорит невнятно, всё случилось перед обедом",
        "у брата эпилептический приступ, начался перед едой и не прекращается",
        "у дяди сейчас инсульт, лицо перекосило",
        "помогите у парня впервые эпилептический припадок",
        "я с ребёнком, у него сейчас эпилептический приступ",
        "сижу с младенцем, у него судорожный приступ",
    ],
}


def cases(sentences: dict[str, list[str]]) -> list[tuple[str, str]]:
    return [(language, text) for language, texts in sentences.items() for text in texts]


@pytest.mark.parametrize(("language", "text"), cases(CALM))
def test_a_worried_question_or_a_long_past_condition_is_calm(
    net: SafetyNet, language: str, text: str
) -> None:
    reading = net.read(text)
    assert not reading.alarmed, (language, reading.rules)


@pytest.mark.parametrize(("language", "text"), cases(ALARMED))
def test_the_same_words_about_a_condition_now_stay_an_emergency(
    net: SafetyNet, language: str, text: str
) -> None:
    assert net.read(text).emergency, language


def test_every_language_has_its_own_sentences_both_ways() -> None:
    for sentences in (CALM, ALARMED):
        assert sorted(sentences) == ["de", "en", "es", "fr", "pt", "ru"]
        assert all(len(texts) >= 12 for texts in sentences.values())


# A condition happening now, or someone down, with a question in the same sentence: the
# question does not silence it (rules stroke_now, seizure_now, heart_attack_now; the asks
# someone_collapsed and someone_unresponsive).
ASKED_WHILE_IT_HAPPENS: dict[str, list[str]] = {
    "en": [
        "my brother is having a fit right now, could it be a sign of low sugar?",
        "does this mean im having a stroke? it started ten minutes ago",
        "grandad isnt responding to us, is it a symptom of his heart pills?",
        "my flatmate collapsed in the hall, could it be linked to the heat",
    ],
    "de": [
        "mein Mann hat gerade einen Krampfanfall, kann das vom Fieber kommen?",
        "ich glaube ich habe einen Herzinfarkt, hängt das mit dem Stress zusammen?",
        "meine Oma reagiert nicht mehr, ist das ein Zeichen von Zucker?",
    ],
    "es": [
        "mi hijo está teniendo una convulsión ahora, puede ser por la fiebre?",
        "creo que me está dando un infarto, puede ser síntoma de ansiedad?",
        "mi abuelo no responde, será señal de algo grave?",
    ],
    "fr": [
        "mon mari fait un AVC, est-ce lié à sa tension ?",
        "ma fille fait une crise d'épilepsie maintenant, est-ce un signe de fièvre ?",
        "ma mère ne répond plus, est-ce un symptôme de son diabète ?",
    ],
    "pt": [
        "o meu pai está a ter um AVC, pode ser sinal da tensão?",
        "minha esposa está tendo uma convulsão agora, pode ser causa do remédio?",
        "a minha avó não responde, será sintoma de alguma coisa?",
    ],
    "ru": [
        "у мужа сейчас эпилептический приступ, может это признак давления?",
        "у папы прямо сейчас инсульт, это связано с таблетками?",
        "бабушка не отвечает и не реагирует, это симптом чего?",
    ],
}


@pytest.mark.parametrize(("language", "text"), cases(ASKED_WHILE_IT_HAPPENS))
def test_a_question_beside_a_condition_happening_now_does_not_silence_it(
    net: SafetyNet, language: str, text: str
) -> None:
    reading = net.read(text)
    assert reading.emergency or reading.ask is not None, (language, reading.rules)


# A condition happening now with its history in a clause of its own ("he had one years ago"):
# the history does not silence it (unless_in: clause on stroke_now, seizure_now and
# heart_attack_now). All were calm before.
HISTORY_BESIDE_NOW: dict[str, list[str]] = {
    "en": [
        "grandpa is having a stroke, he had a small one back in 2019, what do I do",
        "my sister is having a seizure on the floor, she had them as a kid",
        "I think I'm having a heart attack, my first one was years ago",
        "my boyfriend is convulsing, he used to have epilepsy",
    ],
    "de": [
        "mein Vater hat gerade einen Schlaganfall, er hatte vor Jahren schon einmal einen",
        "meine Tochter hat gerade einen Krampfanfall, als Baby hatte sie Fieberkrämpfe",
    ],
    "es": [
        "mi padre está teniendo un infarto, ya tuvo uno hace años",
        "mi hermana está convulsionando, de pequeña tenía epilepsia",
    ],
    "fr": [
        "mon père fait un AVC, il en a déjà fait un il y a des années",
        "ma copine convulse, elle était épileptique étant petite",
    ],
    "pt": [
        "meu avô está tendo um AVC, já teve um há muitos anos",
        "o meu filho está a ter uma convulsão, quando era bebé teve convulsões com febre",
    ],
    "ru": [
        "у папы сейчас инсульт, первый был много лет назад",
        "у дочки прямо сейчас эпилептический приступ, в детстве такое уже было",
    ],
}


def test_a_history_in_the_same_clause_still_silences(net: SafetyNet) -> None:
    """What the clause keeps calm; and the cost, erring to the emergency: a past form the net
    reads as now ("j'ai fait": "fait" is also "il fait une crise") whose history is in
    another clause ("depuis rien") answers with the emergency."""
    for calm in (
        "I was having seizures when I was a little kid and now my eyelid flickers",
        "mi hijo estaba teniendo convulsiones de bebé, ahora le tiembla el ojo",
    ):
        assert not net.read(calm).alarmed, calm
    assert net.read("ado j'ai fait une seule crise d'épilepsie, depuis rien").emergency


# Had before and happening again now, the condition named only once ("...now she is having
# one"): rules stroke_again, seizure_again, heart_attack_again. 2 of these 11 were answered
# before. A cramp in the same clause is no emergency ("...now I'm having another cramp").
AGAIN_NOW: dict[str, list[str]] = {
    "en": [
        "she had seizures as a teen, now she is having one",
        "my husband had a stroke 3 years ago and I think he is having another one",
        "he had a stroke as a kid and he is having it again",
    ],
    "es": [
        "mi madre tuvo un infarto hace dos años y creo que está teniendo otro",
        "mi hijo tenía convulsiones de bebé y ahora le está dando otra",
    ],
    "pt": [
        "o meu pai teve um AVC há cinco anos e acho que está a ter outro",
        "minha filha tinha convulsões quando era pequena e está tendo outra",
    ],
    "fr": [
        "mon mari a fait un AVC il y a trois ans, je crois qu'il en refait un",
        "ma fille faisait des crises d'épilepsie petite, elle en fait une",
    ],
    "de": [
        "mein Opa hatte vor Jahren einen Schlaganfall und hat jetzt wieder einen",
        "meine Frau hatte als Kind Krampfanfälle, jetzt hat sie gerade wieder einen",
    ],
}
AGAIN_A_CRAMP: list[str] = [
    "mi padre tuvo un infarto hace años y ahora está teniendo otro calambre en la pierna",
    "ich hatte vor Jahren einen Schlaganfall und habe jetzt wieder einen Krampf in der Wade",
    "tive um AVC há anos e agora estou a ter outra cãibra na perna",
]


@pytest.mark.parametrize(("language", "text"), cases(HISTORY_BESIDE_NOW) + cases(AGAIN_NOW))
def test_a_condition_happening_now_is_an_emergency_whatever_its_history(
    net: SafetyNet, language: str, text: str
) -> None:
    reading = net.read(text)
    assert reading.emergency, (language, reading.rules)


@pytest.mark.parametrize("text", AGAIN_A_CRAMP)
def test_a_cramp_again_after_a_condition_long_ago_is_calm(net: SafetyNet, text: str) -> None:
    reading = net.read(text)
    assert not reading.alarmed, reading.rules


# A limb that will not move now, after a stroke long ago in the same clause: the word that
# turns to now ("and now", "y ahora", "und jetzt") ends the history's reach (limb_not_moving,
# unless_in: clause). None was asked about before.
NOW_AFTER_HISTORY: dict[str, list[str]] = {
    "en": ["my dad had a stroke as a child and now he cant move his arm"],
    "es": ["mi padre tuvo un ictus hace años y ahora no puede mover el brazo derecho"],
    "de": [
        "meine Mutter hatte vor Jahren einen Schlaganfall und jetzt kann sie den Arm nicht bewegen"
    ],
    "fr": [
        "mon grand-père a eu un AVC il y a longtemps et maintenant il ne peut plus bouger la jambe"
    ],
    "pt": ["a minha avó teve um AVC há anos e agora não consegue mexer o braço"],
    "ru": ["у деда много лет назад был инсульт и сегодня он не может пошевелить рукой"],
}


@pytest.mark.parametrize(("language", "text"), cases(NOW_AFTER_HISTORY))
def test_what_follows_a_turn_to_now_is_not_silenced_by_the_history(
    net: SafetyNet, language: str, text: str
) -> None:
    reading = net.read(text)
    assert reading.emergency or reading.ask == "stroke", (language, reading.rules)


# "Seizing" is a seizure or a muscle seizing up (fit_or_cramp, with the idiom "seizing up"):
# someone seizing is asked about, a calf seizing up is a cramp.
def test_someone_seizing_is_asked_about_and_a_muscle_seizing_up_is_not(net: SafetyNet) -> None:
    for asked in ("my youngest son is seizing on the sofa", "grandma is seizing and drooling"):
        assert net.read(asked).ask == "seizure", asked
    for calm in (
        "my calf is seizing up again tonight",
        "his hamstring keeps seizing up at football",
    ):
        assert not net.read(calm).alarmed, calm


# The writer saying who they are ("I'm a teenager and I want to die") gets the crisis answer for
# themselves, not the one for helping someone else (self_described); 7 of these 8 got the
# other before. The person a writer names after saying who they are is still someone else.
ABOUT_THEMSELVES: list[str] = [
    "im a 16 year old girl and i want to kill myself",
    "im a teenager and i want to kill myself",
    "im a woman of 40 and i want to die",
    "i am a man and i want to end my life",
    "soy una chica de 15 y quiero morir",
    "sou uma mulher de 30 e quero morrer",
    "je suis une femme de 50 ans et je veux mourir",
    "ich bin ein Mann und will nicht mehr leben",
]
ABOUT_SOMEONE_ELSE: list[str] = [
    "im a mum and my son wants to kill himself",
    "ich bin eine Mutter und mein Sohn will sterben",
    "soy una madre y mi hija quiere morir",
]


def test_a_writer_saying_who_they_are_gets_the_crisis_answer_for_themselves(
    net: SafetyNet,
) -> None:
    for text in ABOUT_THEMSELVES:
        reading = net.read(text)
        assert (reading.crisis, reading.crisis_about_someone) == ("suicide_self_harm", False), text
    for text in ABOUT_SOMEONE_ELSE:
        reading = net.read(text)
        assert (reading.crisis, reading.crisis_about_someone) == ("suicide_self_harm", True), text
