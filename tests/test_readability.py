"""Reading level and sentence length in `check`: syllables counted from how words sound, checked
against words with known counts, and sentence limits in each language's own units."""
from __future__ import annotations

import shutil

import pytest

from conftest import run_cli
from generator.workflow.syllables import english, french, spanish
from test_workflow import GOOD, _check

# Words with their spoken syllables (as dictionaries divide them; French as spoken, a final e mute).
ENGLISH = """
the 1 | a 1 | every 2 | area 3 | idea 3 | cancer 2 | lung 1 | pain 1 | back 1 | treatment 2
patient 2 | doctor 2 | medicine 3 | tablet 2 | tablets 2 | nurse 1 | nurses 2 | hospital 3
radiotherapy 6 | chemotherapy 5 | metastasis 4 | spine 1 | spread 1 | breathing 2 | breathe 1
make 1 | makes 1 | made 1 | called 1 | used 1 | wanted 2 | needed 2 | boxes 2 | places 2 | changes 2
table 2 | tables 2 | little 2 | possible 3 | safely 2 | management 3 | careful 2 | sometimes 2
someone 2 | therefore 2 | anyone 3 | lifetime 2 | going 2 | doing 2 | dying 2 | seeing 2 | radio 3
video 3 | media 3 | diagnosis 4 | special 2 | partial 2 | nation 2 | infection 3 | region 2
previous 3 | various 3 | anxious 2 | delicious 3 | usual 3 | actual 3 | quality 3 | language 2
continuous 4 | fluid 2 | liquid 2 | guide 1 | society 4 | anxiety 4 | easier 3 | earliest 3
surgeon 2 | nausea 3 | headache 2 | severe 2 | swelling 2 | fever 2 | blood 1 | pressure 2
kidney 2 | liver 2 | stomach 2 | vomiting 3 | appointment 3 | emergency 4 | symptoms 2 | effects 2
side 1 | daily 2 | night 1 | water 2 | cause 1 | causes 2 | because 2 | also 2 | only 2 | many 2
money 2 | eye 1 | eyes 1 | yes 1 | you 1 | year 1 | your 1 | young 1 | try 1 | trying 2 | happy 2
body 2 | ability 4 | oxygen 3 | cell 1 | bone 1 | bones 1 | phone 1 | alone 2 | hormone 2
fatigue 2 | tongue 1 | argue 2 | issue 2 | tissue 2 | continue 3 | value 2 | due 1 | true 1 | blue 1
die 1 | lie 1 | field 1 | believe 2 | piece 1 | friend 1 | variety 4 | structures 2 | directly 3
affect 2 | organs 2 | nerves 1 | chest 1 | interpret 3 | referred 2 | instance 2 | chance 1 | pass 1
through 1 | brain 1 | larger 2 | grow 1 | become 2 | enough 2 | around 2 | lungs 1 | cancerous 3
tumour 2 | life 1 | threatening 3 | anywhere 3 | body 2 | bones 1 | bleeding 2 | including 3
problem 2 | problems 2 | contact 2 | team 1 | immediately 5 | worse 1 | numbness 2 | weakness 2
legs 1 | arms 1 | bladder 2 | control 2 | lose 1 | loses 2 | closed 1 | hoped 1 | wished 1
decided 3 | minutes 2 | hours 1 | dose 1 | doses 2 | increase 2 | readily 3 | ready 2 | heavy 2
head 1 | heat 1 | please 1 | release 2 | disease 2 | each 1 | eat 1 | breath 1 | reaction 3
poison 2 | noise 1 | voice 1 | coin 1 | boil 1 | ointment 2 | stay 1 | play 1 | player 2 | may 1
maybe 2 | toy 1 | enjoy 2 | they 1 | obey 2 | key 1 | money 2 | journey 2 | eyelid 2 | goodbye 2
shoe 1 | does 1 | goes 1 | toe 1 | poet 2 | quite 1 | quiet 2 | question 2 | queue 1 | unique 2
technique 2 | antique 2 | ache 1 | aches 1 | rescue 2 | fuel 2 | cruel 2 | knee 1 | agree 2
degree 2 | free 1 | feel 1 | seen 1 | been 1 | create 2 | react 2 | theatre 3 | really 2 | realise 3
ideal 3 | being 2 | ageing 2 | reuse 2 | helps 1 | helped 1 | asked 1 | stopped 1 | started 2
ended 2 | rated 2 | rated 2 | based 1 | liked 1 | other 2 | mother 2 | whether 2 | together 3
either 2 | neither 2 | women 2 | woman 2 | children 2 | child 1 | person 2 | personal 3 | medical 3
clinical 3 | physical 3 | surgical 3 | normal 2 | walking 2 | talking 2 | taking 2 | making 2
using 2 | having 2 | giving 2 | swallow 2 | swallowing 3 | dizzy 2 | dizziness 3 | rash 1
itching 2 | allergic 3 | allergy 3 | pharmacist 3 | prescription 3 | prescribed 2 | capsule 2
capsules 2 | injection 3 | injections 3 | operation 4 | recovery 4 | recover 3 | wound 1 | bandage 2
dressing 2 | infection 3 | temperature 4 | antibiotics 5 | paracetamol 5 | ibuprofen 4 | dose 1
daily 2 | weekly 2 | monthly 2 | morning 2 | afternoon 3 | bedtime 2 | food 1 | drink 1 | alcohol 3
driving 2 | machinery 4 | pregnant 2 | pregnancy 3 | breastfeeding 3 | baby 2 | elderly 3
kidneys 2 | heart 1 | stroke 1 | diabetes 4 | insulin 3 | sugar 2 | weight 1 | exercise 3
walking 2 | stairs 1 | support 2 | advice 2 | advise 2 | questions 2 | information 4 | leaflet 2
important 3 | remember 3 | forget 2 | missed 1 | extra 2 | double 2 | overdose 3 | poisoning 3
unconscious 3 | breathless 2 | cough 1 | sputum 2 | chemical 3 | radiation 4 | scan 1 | biopsy 3
oncologist 4 | specialist 3 | palliative 4 | comfortable 4 | uncomfortable 5 | tiredness 2
appetite 3 | constipation 4 | diarrhoea 4 | nauseous 2 | mouth 1 | ulcers 2 | hair 1 | skin 1
sensitive 3 | sunlight 2 | appointment 3 | urgent 2 | ambulance 3 | serious 3 | possible 3
usually 4 | rarely 2 | sometimes 2 | decide 2 | decision 3 | consent 2 | choose 1 | choice 1
chosen 2
"""
SPANISH = """
leer 2 | día 2 | ciudad 2 | país 2 | caer 2 | poeta 3 | bueno 2 | hoy 1 | muy 1 | rey 1 | que 1
quiero 2 | guerra 2 | cáncer 2 | pulmón 2 | dolor 2 | espalda 3 | puede 2 | causar 2 | tratamiento 4
médico 3 | enfermera 4 | hospital 3 | ahora 3 | aire 2 | oído 3 | río 2 | ruido 2 | cuidado 3
huevo 2 | agua 2 | lengua 2 | pingüino 3 | averigüe 4 | medicamento 5 | náuseas 3 | vómitos 3
fiebre 2 | sangre 2 | columna 3 | vértebras 3 | metástasis 4 | radioterapia 5 | quimioterapia 5
paciente 3 | dolores 3 | también 2 | veces 2 | cuando 2 | siempre 2 | nervios 2 | tórax 2 | leí 2
maíz 2 | baúl 2 | reúne 3 | creer 2 | línea 3 | océano 4 | aéreo 4
"""
FRENCH = """
une 1 | elle 1 | le 1 | la 1 | douleur 2 | cancer 2 | poumon 2 | dos 1 | patient 2 | hôpital 3
infirmière 3 | réel 2 | créer 2 | poème 2 | naïf 2 | maïs 2 | aimes 1 | vie 1 | eau 1 | oiseau 2
beaucoup 2 | fatiguée 3 | fatigue 2 | question 2 | guérir 2 | qui 1 | que 1 | parfois 2 | souvent 2
moment 2 | colonne 2 | vertébrale 3 | métastases 3 | nausées 2 | fièvre 1 | sang 1 | appelez 3
urgence 2 | toujours 2 | maladie 3 | poitrine 2 | nerfs 1 | cerveau 2 | plus 1 | très 1 | peut 1
avoir 2 | être 1
"""


def known(table: str) -> list[tuple[str, int]]:
    items = table.replace("\n", " | ").split("|")
    return [(w, int(n)) for w, n in (item.split() for item in items if item.strip())]


@pytest.mark.parametrize("count, table, right", [(english, ENGLISH, 0.97), (spanish, SPANISH, 1.0),
                                                 (french, FRENCH, 1.0)], ids=["en", "es", "fr"])
def test_syllables_of_known_words(count, table, right):
    words = known(table)
    wrong = [(w, n, count(w)) for w, n in words if count(w) != n]
    assert len(words) > 45 and len(wrong) <= (1 - right) * len(words), wrong


def test_the_words_hyphenation_got_wrong():
    assert [english(w) for w in ("every", "area", "idea", "radio", "being", "medium")] == [2, 3, 3, 3, 2, 3]
    assert [spanish(w) for w in ("día", "leer", "ciudad", "que")] == [2, 2, 2, 1]
    assert [french(w) for w in ("réel", "naïf", "une", "eau")] == [2, 2, 1, 1]


def test_reading_level_counts_every_syllable(tmp_path):
    """Short sentences of words that sound longer than hyphenation shows: a hyphenation dictionary
    counted them as grade 2; counted by sound they are grade 9."""
    text = "Every area has a real idea - radio, video and media every day. " * 6
    r = _check(tmp_path, GOOD.replace("Dry them well.", text))
    [level] = [ln for ln in r.stdout.splitlines() if "reading level" in ln]
    assert "Flesch-Kincaid grade at most 8" in level
    assert float(level.split("reading level ")[1].split()[0]) > 8.5


def _long_sentences(tmp_path, lang, title, heading, sentence):
    folder = tmp_path / "c" / "one"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / f"{lang}.yaml").write_text(f"title: {title}\nsections:\n  - heading: {heading}\n    body:\n"
                                         f"      - {sentence}\n", encoding="utf-8")
    r = run_cli("check", "--content", str(tmp_path / "c"))
    return [ln for ln in r.stdout.splitlines() if "a sentence of" in ln]


def test_vietnamese_sentences_are_counted_in_syllables(tmp_path):
    syllables = "rửa tay bằng xà phòng và nước sạch trong hai mươi giây".split() * 3  # a space each
    assert _long_sentences(tmp_path, "vi", "Rửa tay", "Cách rửa tay", " ".join(syllables[:33]) + ".") == []
    [long] = _long_sentences(tmp_path, "vi", "Rửa tay", "Cách rửa tay", " ".join(syllables[:34]) + ".")
    assert "a sentence of 34 syllables" in long and "Vietnamese sentences to 33 syllables" in long


def test_sentence_limits_come_from_language_data(tmp_path):
    assert _long_sentences(tmp_path, "en", "Hands", "How", " ".join(["wash"] * 25) + ".") == []
    [long] = _long_sentences(tmp_path, "en", "Hands", "How", " ".join(["wash"] * 26) + ".")
    assert "a sentence of 26 words" in long and "English sentences to 25 words" in long
    thai = " ".join(["ล้างมือด้วยสบู่"] * 40) + "."  # spaces between phrases: not counted
    assert _long_sentences(tmp_path, "th", "ล้างมือ", "วิธี", thai) == []
