#!/usr/bin/env python3
"""Benchmark corpus for katalog: a synthetic "inspirasjonskatalog" of Norwegian
municipalities' local-democracy case studies, following the content contract
(docs/content-model.md, v1).

    python3 gen_corpus.py --out DIR --cases N [--seed S] [--flavor katalog|zola]

Standard library only; the output is a function of (N, seed, flavor) alone
(byte for byte: no clock, no hash-order dependence).

--flavor katalog (default) writes DIR/content/ exactly as the contract says:
    katalog.yaml, _index.md, om.md, eksempler/SLUG.md (N of them), media/*.png
--flavor zola writes a Zola site with the same cases: DIR/config.toml,
    DIR/content/{_index.md,om.md,eksempler/_index.md,eksempler/SLUG.md},
    DIR/static/media/*.png and minimal templates in DIR/templates/.  Front
    matter is YAML with Zola's own keys (title, description, date, updated,
    draft), the two taxonomies under `taxonomies:`, everything else under
    `extra:`.

See README.md beside this file.
"""

import argparse
import bisect
import csv
import itertools
import os
import random
import struct
import sys
import zlib

# ---------------------------------------------------------------------------
# Vocabularies of the two taxonomies (contract: default vocabularies)
# ---------------------------------------------------------------------------

MODELLTYPE = [
    ("politisk-organisering", "Politisk organisering",
     "Endringer i hvordan kommunestyret, utvalgene og partiene arbeider for å gi innbyggerne mer innflytelse."),
    ("budsjettprosess", "Budsjettprosess",
     "Åpne og involverende prosesser der innbyggerne får innsyn i og påvirker kommunens budsjett."),
    ("innbyggerpanel", "Innbyggerpanel",
     "Tilfeldig eller bredt sammensatte panel av innbyggere som drøfter en sak og gir råd til politikerne."),
    ("deltakende-budsjettering", "Deltakende budsjettering",
     "Innbyggerne foreslår og stemmer over hvordan en avsatt del av budsjettet skal brukes."),
    ("innbyggerhoring", "Innbyggerhøring",
     "Strukturerte høringer der kommunen ber om innspill fra innbyggerne før en beslutning tas."),
    ("gjestebud", "Gjestebud",
     "Uformelle samtaler hjemme hos innbyggere, der verten inviterer naboer og venner til å drøfte et tema."),
    ("barn-og-unge", "Barn og unge",
     "Ordninger som gir barn og unge en reell stemme, som ungdomsråd, barnetråkk og elevmedvirkning."),
    ("brukermedvirkning", "Brukermedvirkning",
     "Brukerne av kommunale tjenester deltar i utforming, drift og evaluering av tjenestene."),
    ("frivillighet", "Frivillighet",
     "Samarbeid med lag, foreninger og frivillige om lokalsamfunnets utvikling."),
    ("naerdemokrati", "Nærdemokrati",
     "Grendeutvalg, lokalutvalg og andre organer som knytter bygder og bydeler til kommunestyret."),
    ("digitale-verktoy", "Digitale verktøy",
     "Nettbaserte plattformer, apper og som gjør det enklere å delta og følge saker."),
    ("barekraft", "Bærekraft",
     "Medvirkning knyttet til klima, miljø og FNs bærekraftsmål i kommunens planer."),
]

MALGRUPPE = [
    ("barn", "Barn", "Barn under 13 år, i barnehage og på barneskolen."),
    ("ungdom", "Ungdom", "Ungdom mellom 13 og 25 år, også de som ikke er organisert."),
    ("eldre", "Eldre", "Eldre innbyggere, pensjonister og eldrerådet."),
    ("flerkulturelle", "Flerkulturelle",
     "Innbyggere med innvandrerbakgrunn og nasjonale minoriteter."),
    ("funksjonsnedsettelse", "Personer med funksjonsnedsettelse",
     "Innbyggere med fysisk, psykisk eller kognitiv funksjonsnedsettelse."),
    ("frivillige", "Frivillige", "Lag, foreninger og enkeltpersoner som gjør frivillig arbeid."),
    ("alle-innbyggere", "Alle innbyggere", "Hele befolkningen i kommunen."),
]

# relative popularity of the model types (innbyggerpanel is a common one)
MODELLTYPE_WEIGHT = [6, 5, 9, 6, 7, 3, 8, 5, 5, 7, 8, 4]
MALGRUPPE_WEIGHT = [3, 6, 4, 3, 2, 3, 8]

SECTIONS_NB = ["Lokaldemokratimodellen", "Politisk organisering", "Deltakingsformer",
               "Digitale løsninger", "Kobling til politisk organisering",
               "Videreutvikling", "Erfaringer"]
SECTIONS_NN = ["Lokaldemokratimodellen", "Politisk organisering", "Deltakingsformer",
               "Digitale løysingar", "Kopling til politisk organisering",
               "Vidareutvikling", "Erfaringar"]

# ---------------------------------------------------------------------------
# Word lists (bokmål).  Inflected and compounded below.
# ---------------------------------------------------------------------------

# Function words, adverbs, pronouns, prepositions, conjunctions: most frequent
# first.  They take the top ranks of the Zipf distribution.
FUNCTION_WORDS = """
og i det som på er til en av for med har de ikke at den å et om vi kan seg var
men fra også ved så skal blir eller etter mot ble alle være dette nå når over
enn hvor mange mer noen andre bare under kunne mellom hvordan slik både sammen
gjennom derfor fordi samt hver hele flere mest får gjør gir tar viser bidrar
deltar denne disse dem sitt sine sin vår våre vårt deres hva hvem hvilke
hvilken her der da siden mens uten innen blant rundt langs hos etter før
tidligere senere samtidig allerede fortsatt igjen likevel imidlertid dessuten
spesielt særlig ofte alltid aldri sjelden gjerne kanskje trolig nok svært
veldig ganske helt lite mye mindre mindst minst omtrent cirka nesten rett
først sist videre blant annet dermed altså nemlig heller verken enten hvis
dersom selv om selv slik at til tross bl.a. f.eks. dvs. ca. ifølge
angående vedrørende gjennomsnittlig hvert hverandre ingen ingenting intet
alt noe noen ting man oss meg deg ham henne hun han jeg du dere seg selv
både ned opp ut inn hjem bort fram frem tilbake sammen hit dit
i dag i år i fjor i høst i vår i i neste forrige denne
ble blitt vært hatt skulle ville måtte burde kunne kan vil må bør skal
er var har hadde blir gjorde gjort sa sagt
""".split()

# The most frequent content words of such texts: they open the second stratum.
TOP_CONTENT = """
kommunen innbyggerne prosjektet arbeidet kommunestyret politikerne medvirkning
innbyggere ungdom barn unge prosessen deltakelse lokaldemokrati demokrati
kommune møter møte ungdomsrådet administrasjonen saken tiltaket
planen modellen erfaringer deltakerne innspill folk dialog år tid arbeid
kommunens lokale politiske digitale nye viktig godt gode mange flere bedre
""".split()

# Nouns, en-words (masculine and feminine): x, x-en, x-er, x-ene
NOUNS_M = """
kommune plan prosess dialog medvirkning involvering ordning modell metode
samling konferanse ressurs strategi erfaring utfordring løsning mulighet gruppe
rolle arena plattform stemme avstemning høring undersøkelse rapport sak søknad
tildeling bevilgning ramme prioritering satsing utvikling forvaltning ledelse
administrasjon organisering sammensetning representasjon deltakelse tillit
åpenhet legitimitet debatt diskusjon samtale invitasjon kunngjøring annonse
nettside kanal tjeneste app portal database kartlegging evaluering vurdering
anbefaling konklusjon oppsummering tilbakemelding idé uttalelse behandling
beslutning avgjørelse innstilling saksbehandling dagsorden sakliste
protokoll referat representant politiker ordfører varaordfører rådmann
kommunedirektør leder nestleder sekretær koordinator prosjektleder rådgiver
konsulent forsker student elev lærer rektor foresatt nabo venn
familie generasjon befolkning innvandrer flyktning minoritet majoritet
opposisjon koalisjon velgergruppe valgkamp kandidat liste nominasjon periode
valgperiode sesjon høst vår sommer vinter måned uke dag kveld helg time
frist fase runde omgang start avslutning slutt oppfølging gjennomføring
planlegging forberedelse invitering påmelding rekruttering mobilisering
informasjon kommunikasjon formidling presentasjon visning utstilling
workshop dugnad kampanje aksjon markering feiring festival tur vandring
befaring kartlesning skisse tegning modellering simulering spørreundersøkelse
avis radio sending podkast film video brosjyre plakat flyer
oversikt statistikk analyse beregning prognose tabell figur kurve graf
kostnad utgift inntekt avgift skatt gebyr lønn godtgjørelse stønad støtte
tilskuddsordning pott pengepott kasse konto regnskap revisjon kontroll
tilsyn klage innsigelse merknad endring justering forbedring fornyelse
omstilling reform sammenslåing deling grense avgrensning retning vei gate
bro brygge havn kai strand fjord dal li elv bekk sjø innsjø øy holme
skog mark hei vidde myr åker eng gård grend bygd by bydel tettsted
landsdel region nasjon stat regjering kommunesektor forvaltningsenhet
skole barnehage sykehjem omsorgsbolig idrettshall svømmehall hall scene
kirke moské menighet forening organisasjon bedrift næring handel butikk
kafé restaurant kantine kiosk bensinstasjon stasjon buss ferje båt bil
sykkel trase løype sti benk lekeplass park plass møteplass samlingsplass
fritid kultur idrett musikk kunst litteratur historie tradisjon identitet
tilhørighet trivsel glede frykt bekymring usikkerhet motivasjon interesse
forventning holdning mening oppfatning kritikk ros takk hilsen
helse omsorg pleie behandling rehabilitering forebygging oppvekst utdanning
opplæring kompetanse kunnskap innsikt forståelse læring refleksjon
bærekraft klimatilpasning miljøvern natur energi transport mobilitet
digitalisering teknologi programvare løsningsarkitektur innlogging
pålogging profil bruker konto nettløsning e-post melding varsling
lenke kode skjerm mobil nettbrett datamaskin kart kartløsning
inkludering likestilling likeverd mangfold rettighet plikt lov forskrift
regel norm verdi retningslinje veileder mal sjekkliste
kommuneplan reguleringsplan arealplan handlingsplan temaplan økonomiplan
kommunestyresak fylkeskommune statsforvalter direktorat departement
storting stortingsrepresentant statsråd
ungdom barndom alderdom eiendom myndighet enhet sektor etat avdeling
seksjon stab ledergruppe arbeidsgruppe styringsgruppe referansegruppe
fokusgruppe målgruppe ressursgruppe prosjektgruppe elevgruppe
innbyggertorg servicetorg publikum tilskuer deltaker tilhører deltakerliste
oppslutning deltakerprosent valgdeltakelse stemmerett valgrett ytring
ytringsfrihet pressefrihet debattkultur samtalekultur
rettferdighet tilgjengelighet brukervennlighet universell utforming
kvalitet effekt virkning resultat gevinst nytte verdiskaping
kostnadsramme tidsramme fremdrift milepæl leveranse
""".split()

# Neuter nouns (et-words): x, x-et, x-er, x-ene
NOUNS_N = """
møte råd utvalg styre budsjett prosjekt tiltak samarbeid arbeid ansvar
mandat nettverk område fylke samfunn lokalsamfunn nærmiljø bibliotek senter
kontor rådhus torg marked parti flertall mindretall spørsmål svar formål
resultat mål tema emne opplegg program verksted seminar kurs tilbud behov
grunnlag innspill forslag vedtak kommunestyre formannskap utvalgsmøte
eldreråd ungdomsråd barneråd brukerråd medvirkningsråd partnerskap
engasjement initiativ forsøk pilotprosjekt eksperiment prinsipp prioritet
mandatområde dokument notat brev skjema svarskjema vedlegg kapittel avsnitt
punkt ledd kriterium argument synspunkt perspektiv utgangspunkt
hensyn fokus trekk kjennetegn eksempel forbilde inntrykk bilde kart
nettsted nettmøte videomøte webinar folkemøte allmøte grendemøte
årsmøte styremøte dialogmøte oppstartsmøte
bygg hus hjem nabolag kvartal boligfelt sentrum tettsted sted
arrangement stevne marked fellesskap vennskap naboskap lederskap
eierskap medlemskap borgerskap
miljø klima landskap friluftsliv kulturliv næringsliv foreningsliv
lokalmiljø oppvekstmiljø læringsmiljø arbeidsmiljø
system verktøy redskap apparat utstyr materiell innhold design
oppdrag ønske krav vilkår spillerom handlingsrom rom lokale
gjestebud gjestebudsmøte besøk intervju spørreskjema panel
innbyggerpanel ungdomspanel ekspertpanel
""".split()

# Agent nouns in -er: x, x-en, x-e, x-ne
NOUNS_AGENT = """
leder nestleder rådgiver lærer politiker ordfører varaordfører forsker
tilskuer tilhører statsforvalter prosjektleder saksordfører innbygger velger bruker leverandør arbeider medarbeider
saksbehandler planlegger innbyggerrepresentant frivilliger innflytter
utflytter pendler hyttebeboer fastboende tilflytter bidragsyter
tilrettelegger prosessleder fasilitator initiativtaker forkjemper
medlem lytter forteller utvikler tilhenger motstander
""".split()

# more everyday and public-sector words, same classes as above
NOUNS_M += """
avis artikkel overskrift ingress leserinnlegg kommentar kronikk lederartikkel
sjef leder direktør byråd bydelsutvalgsleder gruppeleder partisekretær
kommunalsjef etatssjef enhetsleder fagleder prosjekteier bestiller utfører
søker mottaker giver sponsor partner aktør interessent nøkkelperson ildsjel
pådriver brobygger kulturformidler miljøarbeider helsesykepleier sykepleier
lege fysioterapeut ergoterapeut barnevernspedagog sosionom vernepleier
assistent fagarbeider vaktmester renholder kokk sjåfør bonde fisker
gründer håndverker snekker elektriker rørlegger kunstner musiker forfatter
journalist fotograf redaktør bibliotekar arkivar historiker geograf
ingeniør arkitekt landskapsarkitekt byplanlegger økonom jurist revisor
samfunnsviter statsviter sosiolog antropolog pedagog psykolog
skole ungdomsskole barneskole videregående folkehøgskole høgskole
universitet fagskole voksenopplæring kulturskole fritidsklubb
ungdomsklubb idrettslag korps kor teatergruppe speidergruppe
bygdekvinnelag pensjonistforening velforening grendelag ungdomslag
sanitetsforening frivilligsentral nærmiljøsentral innbyggertjeneste
servicekontor kundesenter sentralbord resepsjon vaktordning beredskap
krise flom ras storm tørke skogbrann pandemi smittevern vaksinasjon
karantene nedstengning gjenåpning
bolig leilighet enebolig rekkehus hytte fritidsbolig tomt eiendomsskatt
husleie boligpris boligbygging fortetting spredning utbygging
vei riksvei fylkesvei kommunevei fortau gangfelt
rundkjøring parkering bussholdeplass togstasjon pendlerparkering
ladestasjon elbil kollektivtrafikk bybane trikk ferjeforbindelse
vannforsyning avløp renovasjon søppel kildesortering gjenvinning
strøm fjernvarme solcelle vindkraft vannkraft
matproduksjon landbruk jordbruk skogbruk fiskeri havbruk turisme
reiseliv hotell camping
bedriftsetablering arbeidsplass sysselsetting ledighet arbeidsledighet
rekrutteringsutfordring kompetansebehov fraflytting tilflytting
befolkningsvekst befolkningsnedgang aldring levekår fattigdom utenforskap
ensomhet mobbing rus trening kosthold
søvn skjermtid spillavhengighet trygghet kriminalitet forebyggingsarbeid
samtalegruppe selvhjelpsgruppe likepersonsordning mentorordning fadderordning
leksehjelp sommerjobb jobbsøking praksisplass lærlingplass
klasse klassetur skolegård skolevei skolestruktur skolenedleggelse
sammenslåingsprosess kommunereform regionreform nærpolitireform
folkeavstemning innbyggerinitiativ innbyggerforslag
underskriftskampanje aksjonsgruppe demonstrasjon protest opprop
lokalavis lokalradio nærradio nettavis facebookgruppe chatgruppe
spørretime innbyggerspørsmål
vurderingsrapport sluttrapport delrapport statusrapport fremdriftsrapport
årsrapport årsmelding tilstandsrapport følgeevaluering følgeforskning
metodebok verktøykasse mal
""".split()
NOUNS_N += """
bydelsutvalg lokalutvalg grendeutvalg nærmiljøutvalg hovedutvalg
kontrollutvalg planutvalg oppvekstutvalg helseutvalg kulturutvalg
valgstyre fylkesting kommunestyremøte gruppemøte
partimøte medlemsmøte informasjonsmøte innbyggermøte nabomøte
foreldremøte elevrådsmøte dugnadsarbeid frivillighetsarbeid
elevråd foreldreråd samarbeidsutvalg driftsstyre
fagområde tjenesteområde ansvarsområde satsingsområde innsatsområde
virkemiddel hjelpemiddel tilskudd driftstilskudd prosjekttilskudd
stipend legat fond næringsfond kulturfond
fylkestilskudd skjønnsmiddel
kontor lokale klasserom auditorium grupperom møterom kulturhus
samfunnshus grendehus forsamlingshus bedehus ungdomshus aktivitetshus
idrettsanlegg ballbinge skatepark turområde friområde badeområde
nærområde sentrumsområde boligområde industriområde havneområde
kjøpesenter bakeri apotek legekontor helsesenter sykehus
tannlegekontor
vann avfall gjenbruk gjenbrukstorg
folkehelsearbeid ungdomsarbeid 
fritidstilbud aktivitetstilbud kulturtilbud lavterskeltilbud
tjenestetilbud helsetilbud omsorgstilbud skoletilbud barnehagetilbud
kollektivtilbud
næringsområde kompetansesenter kunnskapssenter
nyhetsbrev innlegg oppslag intervju reportasje foredrag innlegg
sammendrag utdrag referat vedtaksbrev høringsbrev høringssvar
høringsinnspill høringsnotat planforslag budsjettforslag
årsbudsjett driftsbudsjett investeringsbudsjett
spørsmål tema utfall resultat vedtak
tillitsverv verv mandat oppdrag engasjement
demokrati lokaldemokrati nærdemokrati folkestyre selvstyre
flertallsstyre innbyggerstyre
""".split()
# irregular nouns left out of the regular classes; agent nouns and neuters win
_IRREGULAR = set("rådmann forelder vinter sommer regel sykkel bok minister e-post".split())
NOUNS_M = list(dict.fromkeys(w for w in NOUNS_M if w not in _IRREGULAR
                             and w not in NOUNS_N and w not in NOUNS_AGENT))
NOUNS_N = list(dict.fromkeys(NOUNS_N))
NOUNS_AGENT = list(dict.fromkeys(NOUNS_AGENT))

# Verbs: "inf" (regular -te past for -ere, -et past otherwise) or
# "inf:b" (past -te) or "inf:a" (past -et) or full "inf/pres/past/part".
# A trailing + also makes a verbal noun in -ing (samle -> samling).
VERBS = """
involvere+ invitere+ organisere+ gjennomføre:b+ arrangere+ etablere+
evaluere+ prioritere+ diskutere+ presentere+ informere+ kommunisere+
mobilisere+ rekruttere+ koordinere+ dokumentere+ publisere+ analysere+
vurdere+ formidle:a+ samle:a+ styrke:a+ endre:a+ åpne:a+ tegne:a+ forankre:a+
lytte:a+ snakke:a samtale:a handle:a+ jobbe:a forme:a+ skape:b+ bygge:b+
bruke:b lære:b+ vise:b+ støtte:a+ stemme:b+ svare:b melde:b+ kjenne:b
trenge:b kreve:b lede:b+ spre:b+ bestemme:b legitimere+ representere+
demokratisere+ digitalisere+ effektivisere+ inkludere+ integrere+
kvalitetssikre:a+ utvikle:a+ avklare:a+ forberede:b+ rapportere+ reflektere+
konkludere+ anbefale:a+ prioritere+ finansiere+ budsjettere+ regulere+
administrere+ moderere+ fasilitere+ strukturere+ systematisere+ visualisere+
simulere+ teste:a+ prøve:b+ utforske:a+ undersøke:b+ kartlegge/kartlegger/kartla/kartlagt+
planlegge/planlegger/planla/planlagt+ delta/deltar/deltok/deltatt
bidra/bidrar/bidro/bidratt velge/velger/valgte/valgt gjøre/gjør/gjorde/gjort
si/sier/sa/sagt få/får/fikk/fått gå/går/gikk/gått ta/tar/tok/tatt
se/ser/så/sett gi/gir/ga/gitt komme/kommer/kom/kommet finne/finner/fant/funnet
legge/legger/la/lagt følge/følger/fulgte/fulgt+ stå/står/sto/stått
sette/setter/satte/satt skrive/skriver/skrev/skrevet+ møte:b engasjere+
motivere+ aktivere+ tilrettelegge/tilrettelegger/tilrettela/tilrettelagt+
forenkle:a+ forbedre:a+ fornye:a+ omstille:b+ samordne:a+ forvalte:a+
videreutvikle:a+ videreføre:b+ sikre:a+ beslutte:a prioritere+ ønske:a
mene:b tenke:b tro/tror/trodde/trodd håpe:a frykte:a oppleve:b+ erfare:a+
oppdage:a finansiere+ søke:b+ tildele:b+ bevilge:a+ fordele:a+ dele:b+
hente:a sende:b motta/mottar/mottok/mottatt invitere+ ringe:b besøke:b
""".split()

# Adjectives: base form; "x/neut/def" for irregulars; '-' marks no comparison
ADJECTIVES = """
lokal regional nasjonal kommunal sentral tydelig viktig nyttig vanskelig
bred aktiv positiv negativ konkret formell uformell fysisk sosial
kulturell offentlig frivillig representativ bærekraftig grønn trygg
relevant langsiktig kortsiktig systematisk- praktisk- politisk- demokratisk-
digital økonomisk- administrativ faglig tverrfaglig tverrsektoriell
årlig månedlig ukentlig fast midlertidig permanent kontinuerlig effektiv
tradisjonell innovativ eksperimentell sårbar ressurssterk aktuell
konsultativ reell legitim transparent lydhør mangfoldig flerkulturell
generell spesiell særlig universell tilgjengelig ulik lik rask sein
tidlig lett tung sterk svak varm kald lys mørk ren enkel/enkelt/enkle
åpen/åpent/åpne god/godt/gode stor/stort/store liten/lite/små ny/nytt/nye
ung/ungt/unge gammel/gammelt/gamle egen/eget/egne annen/annet/andre
mulig umulig nødvendig tilstrekkelig vellykket- interessant engasjert-
inkluderende- deltakende- spennende- givende- lærerik krevende- tidkrevende-
kostbar billig dyr rimelig grunnleggende- omfattende- avgjørende- lovende-
ordinær ekstraordinær vanlig uvanlig fremtidig tidligere- nåværende-
helhetlig overordnet- underordnet- kritisk- nøytral balansert- forankret-
strukturert- målrettet- brukervennlig fleksibel stabil dynamisk- fri
ærlig nysgjerrig modig klok ryddig
""".split()

VERBS += """
lese:b skrive/skriver/skrev/skrevet+ høre:b+ snakke:a+ fortelle/forteller/fortalte/fortalt
spørre/spør/spurte/spurt forklare:a+ beskrive/beskriver/beskrev/beskrevet+
begrunne:a+ argumentere+ overbevise:b foreslå/foreslår/foreslo/foreslått
vedta/vedtar/vedtok/vedtatt behandle:a+ utsette/utsetter/utsatte/utsatt
avvise:b+ godkjenne/godkjenner/godkjente/godkjent+ innstille:b+ høre:b+
konsultere+ reagere+ protestere+ klage:b fremme:a motarbeide:b
samarbeide:b samhandle:a+ nettverke:a kontakte:a ringe:b skrive/skriver/skrev/skrevet
etterspørre/etterspør/etterspurte/etterspurt utlyse:b+ annonsere+ kunngjøre/kunngjør/kunngjorde/kunngjort
stille/stiller/stilte/stilt svare:b bekrefte:a+ avkrefte:a
påvirke:a+ endre:a justere+ tilpasse:a+ skalere+ spre:b avslutte:a+
starte:a+ begynne:b fortsette/fortsetter/fortsatte/fortsatt
gjenta/gjentar/gjentok/gjentatt etterprøve:b utprøve:b+ pilotere+
måle:b+ telle:b+ veie:b+ sammenligne:a+ rangere+ stemme:b telle:b
fordele:a+ tildele:b kutte:a+ spare:b+ investere+ bevilge:a+ øremerke:a+
bygge:b renovere+ rive/river/rev/revet flytte:a+ 
samle:a treffe/treffer/traff/truffet
feire:a+ markere+ arrangere+ invitere+ servere+ lage:b
oppmuntre:a+ inspirere+ engasjere+ begeistre:a
lytte:a vente:a håpe:a tvile:a stole:a+
""".split()
ADJECTIVES += """
lang kort høy lav bred smal tykk tynn tett glissen
nær fjern fersk gammeldags framtidsrettet- tidsriktig
åpenbar synlig usynlig kjent ukjent populær upopulær
omstridt- kontroversiell enig uenig fornøyd misfornøyd glad lei
trygg utrygg sikker usikker stolt skuffet- overrasket- imponert-
frustrert- motivert- inspirert- takknemlig
aktiv passiv deltakende- tilstedeværende- fraværende-
muntlig skriftlig digitalisert- analog hybrid fysisk
offentlig privat kommersiell ideell frivillig ulønnet-
lovpålagt- frivillig valgfri obligatorisk- ordinær
sentral lokal desentralisert- sentralisert- distriktsvennlig
tverrpolitisk- partipolitisk- upolitisk- ikkepolitisk-
folkevalgt- valgt- oppnevnt- utpekt- tilfeldig trukket-
representativ skjev jevn balansert- ubalansert-
""".split()

# first parts of compounds that are not (only) nouns above
COMPOUND_FIRSTS = """
barne ungdoms nær lokal fylkes stats by bygde grende folke innbygger bruker
velger borger sam med hoved del tverr fler eldre familie kultur nabo
nærings demokrati medvirknings deltakelses involverings dialog
digital kommune skole oppvekst helse omsorg miljø klima natur
frivillighets lag forenings idretts fritids plan budsjett prosjekt
politikk politiker parti valg styrings prosess møte sak tjeneste
kvalitets utviklings samarbeids kompetanse informasjons kommunikasjons
pilot test forsøks ny små stor felles offentlig privat
sentrum distrikts land kyst fjell øy fjord skog hav
barnehage elev student ungdomsråd eldreråd
innvandrer minoritets likestillings inkluderings mangfolds
""".split()

# common heads of compounds (others are drawn from the noun lists)
COMPOUND_HEADS = """
demokrati panel råd utvalg møte plan prosess dialog medvirkning arbeid
samarbeid prosjekt tiltak ordning modell metode gruppe arena plattform
tjeneste løsning undersøkelse høring konferanse samling kampanje verksted
budsjett strategi nettverk forum torg senter kart app portal
""".split()

NN_FUNCTION_MAP = {
    "ikke": "ikkje", "jeg": "eg", "hvordan": "korleis", "hva": "kva", "fra": "frå",
    "bare": "berre", "mye": "mykje", "noen": "nokon", "noe": "noko", "hvor": "kvar",
    "være": "vere", "de": "dei", "dem": "dei", "ble": "vart", "hun": "ho",
    "sammen": "saman", "nå": "no", "hver": "kvar", "hvem": "kven", "hvis": "viss",
    "enn": "enn", "mange": "mange", "også": "òg", "vært": "vore", "skulle": "skulle",
    "ville": "ville", "kunne": "kunne", "hadde": "hadde", "hvilke": "kva for",
    "både": "både", "deres": "deira", "meg": "meg", "seg": "seg", "selv": "sjølv",
    "etter": "etter", "mot": "mot", "uten": "utan", "innen": "innan",
    "gjennom": "gjennom", "fordi": "fordi", "derfor": "difor", "dersom": "dersom",
    "samtidig": "samstundes", "tidligere": "tidlegare", "senere": "seinare",
    "mindre": "mindre", "svært": "svært", "veldig": "veldig", "alltid": "alltid",
    "aldri": "aldri", "igjen": "igjen", "likevel": "likevel", "fram": "fram",
    "frem": "fram", "hjem": "heim", "ingen": "ingen", "ingenting": "ingenting",
}

FIRST_NAMES = """Kari Ola Ingrid Lars Anne Per Marit Jon Solveig Hans Liv Knut Astrid
Bjørn Hilde Svein Eva Terje Silje Geir Nina Arne Tone Rune Heidi Espen Ragnhild
Magnus Sigrid Håkon Ida Jonas Nora Emil Thea Sander Maja Aksel Ingvild Tor
Guro Øystein Birgit Kjetil Randi Vegard Line Amir Fatima Ali Aisha Mohammed
Sara Mateusz Agnieszka Piotr Elin Sofie Henrik Camilla Andreas Mari Trond
Gunnhild Eirik Åse Stian Marte""".split()
LAST_NAMES = """Hansen Johansen Olsen Larsen Andersen Pedersen Nilsen Kristiansen
Jensen Karlsen Johnsen Pettersen Eriksen Berg Haugen Hagen Johannessen Andreassen
Jacobsen Dahl Jørgensen Halvorsen Henriksen Lund Sørensen Jakobsen Moen Gundersen
Iversen Strand Solberg Svendsen Eide Knutsen Martinsen Paulsen Bakken Kristoffersen
Mathisen Lie Amundsen Nguyen Rasmussen Ali Lunde Solheim Berge Moe Nygård Bakke
Kristensen Fredriksen Holm Lien Hauge Christensen Andresen Nielsen Knudsen Evensen
Sæther Aas Myhre Hanssen Ahmed Haugland Thomassen Sivertsen Simonsen Danielsen
Ødegård Vik Tangen Tveit Aasen Fjeld Brekke Mikalsen""".split()
ROLES = ["Prosjektleder", "Rådgiver", "Kommunedirektør", "Ordfører", "Varaordfører",
         "Spesialrådgiver", "Seniorrådgiver", "Kultursjef", "Ungdomskoordinator",
         "Folkehelsekoordinator", "Planlegger", "Kommunikasjonsrådgiver",
         "Politisk sekretær", "Utvalgssekretær", "Frivillighetskoordinator"]


# ---------------------------------------------------------------------------
# Inflection
# ---------------------------------------------------------------------------

def _suffix(stem, suf):
    """stem + suffix, dropping a final -e of the stem before a suffix in e-
    (kommune-en -> kommunen) and doubling the m of -dom/-rom (ungdommen)."""
    if suf[:1] in "ae" and stem.endswith("e"):
        return stem + suf[1:]
    if suf[:1] in "ae" and stem.endswith(("dom", "rom", "gram")):
        return stem + "m" + suf
    return stem + suf


def noun_forms(w, cls):
    if cls == "m":
        return [w, _suffix(w, "en"), _suffix(w, "er"), _suffix(w, "ene")]
    if cls == "n":
        # short neuters often keep the bare plural (et møte - møter, et råd - råd)
        plural = w if (len(w) <= 4 and not w.endswith("e")) else _suffix(w, "er")
        return [w, _suffix(w, "et"), plural, _suffix(w, "ene")]
    if cls == "a":  # innbygger, innbyggeren, innbyggere, innbyggerne
        return [w, w + "en", w + "e", w + "ne"]
    raise ValueError(cls)


def nn_noun_forms(w, cls):
    """Nynorsk variants (masculine -ar/-ane) of the same noun."""
    if cls == "m":
        return [w, _suffix(w, "en"), _suffix(w, "ar"), _suffix(w, "ane")]
    if cls == "a":
        return [w, w + "en", w + "ar", w + "ane"]
    return noun_forms(w, cls)


def verb_forms(spec):
    """Return (forms, ing-noun or None)."""
    make_ing = spec.endswith("+")
    spec = spec.rstrip("+")
    if "/" in spec:
        inf, pres, past, part = spec.split("/")
    else:
        if ":" in spec:
            inf, cls = spec.split(":")
        else:
            inf, cls = spec, ("b" if spec.endswith("ere") else "a")
        stem = inf[:-1] if inf.endswith("e") else inf
        pres = inf + "r" if inf.endswith("e") else inf + "er"
        if cls == "b":
            past, part = stem + "te", stem + "t"
        else:
            past, part = stem + "et", stem + "et"
    forms = [inf, pres, past, part]
    ing = None
    if make_ing:
        stem = inf[:-1] if inf.endswith("e") else inf
        if stem.endswith("er"):  # involvere -> involvering
            ing = stem + "ing"
        else:
            ing = stem + "ing"
    return forms, ing


def adjective_forms(spec):
    if "/" in spec:
        return spec.split("/")
    nocomp = spec.endswith("-")
    w = spec.rstrip("-")
    if w.endswith(("ig", "sk", "t", "e", "ende")):
        neut = w
    elif w.endswith("ll"):
        neut = w[:-1] + "t"
    elif w[-1] in "aiouyæøå":
        neut = w + "tt"
    else:
        neut = w + "t"
    if w.endswith("e"):
        defi = w
    elif w.endswith("el") and len(w) > 4 and not w.endswith("ell"):
        defi = w[:-2] + "le"
    else:
        defi = w + "e"
    forms = [w, neut, defi]
    if not nocomp and len(w) <= 9:
        cstem = defi[:-1] if defi.endswith("e") else defi
        sup = "st" if w.endswith("ig") else "est"
        forms += [cstem + "ere", cstem + sup, cstem + sup + "e"]
    return forms


def link_form(first):
    """First part of a compound with its linking element."""
    if first.endswith(("ing", "sjon", "het", "skap", "dom", "else", "tet")):
        return first + "s"
    return first


# ---------------------------------------------------------------------------
# The ranked vocabulary and the Zipf sampler
# ---------------------------------------------------------------------------

class Vocabulary:
    # Zipf-Mandelbrot within each stratum: p(r) ~ 1 / (r + Q) ** S.  At 10,000
    # cases (about 8 million tokens) roughly 100k distinct forms are drawn.
    S = 1.0
    Q = 2.7
    POOL = 120_000                 # compounds kept (ranks of the third stratum)
    SHARE = (0.42, 0.47, 0.11)     # token shares: function, simple, compound words

    def __init__(self, rng):
        self.nn_map = dict(NN_FUNCTION_MAP)
        function = list(dict.fromkeys(FUNCTION_WORDS))
        tier_a, tier_b, tier_c = [], [], []

        nouns = [(w, "m") for w in NOUNS_M] + [(w, "n") for w in NOUNS_N] + \
                [(w, "a") for w in NOUNS_AGENT]
        for w, cls in nouns:
            f = noun_forms(w, cls)
            tier_a += f[:2]
            tier_b += f[2:]
            self._nn(f, nn_noun_forms(w, cls))
        ing_nouns = []
        for spec in VERBS:
            forms, ing = verb_forms(spec)
            tier_a += forms[:2]
            tier_b += forms[2:]
            if forms[1].endswith("er") and forms[0].endswith("e") and ":b" not in spec:
                self.nn_map.setdefault(forms[1], forms[1][:-2] + "ar")
            if ing:
                ing_nouns.append(ing)
                f = noun_forms(ing, "m")
                tier_a.append(f[0])
                tier_b += f[1:]
                self._nn(f, nn_noun_forms(ing, "m"))
        for spec in ADJECTIVES:
            f = adjective_forms(spec)
            tier_a += f[:3]
            tier_b += f[3:]

        # compounds: first part + head noun, inflected like the head
        heads = [(w, "m") for w in NOUNS_M if len(w) <= 12] + \
                [(w, "n") for w in NOUNS_N if len(w) <= 12] + \
                [(w, "m") for w in ing_nouns if len(w) <= 12] + \
                [(w, "a") for w in NOUNS_AGENT if len(w) <= 10]
        head_cls = dict(heads)
        common_heads = [(w, head_cls.get(w, "n" if w in NOUNS_N else "m"))
                        for w in COMPOUND_HEADS]
        firsts = list(dict.fromkeys(
            COMPOUND_FIRSTS + [w for w in NOUNS_M + NOUNS_N if 3 <= len(w) <= 9]
            + [w for w in ing_nouns if len(w) <= 10]))
        pairs = []
        for first in firsts:
            for head, cls in common_heads:
                if first != head:
                    pairs.append((first, head, cls))
        crng = random.Random(7919)  # the vocabulary does not depend on --seed
        crng.shuffle(pairs)
        extra = []
        for _ in range(40_000):
            first = crng.choice(firsts)
            head, cls = crng.choice(heads)
            if first != head and not head.startswith(first):
                extra.append((first, head, cls))
        seen = set()
        for first, head, cls in pairs + extra:
            word = link_form(first) + head
            if word in seen or len(word) > 28 or "-" in word:
                continue
            seen.add(word)
            f = noun_forms(word, cls)
            tier_c.append(f)
            self._nn(f, nn_noun_forms(word, cls))

        # Three Zipf-Mandelbrot strata, concatenated into one ranked list:
        # function words, simple words (base forms, then other inflections,
        # overlapping a little) and compounds.  Each stratum gets a fixed share
        # of the tokens, so the text keeps a natural share of function words
        # while the long tail of compounds sets the number of distinct forms.
        keyed = []
        for wd in tier_a:
            keyed.append((crng.random() * 1.2, wd))
        for wd in tier_b:
            keyed.append((0.6 + crng.random() * 1.4, wd))
        keyed.sort()
        simple = list(dict.fromkeys(wd for wd in TOP_CONTENT + [wd for _, wd in keyed]
                                    if wd not in function))
        keyed = []
        for f in tier_c:
            base = crng.random() * 2.0
            keyed.append((base, f[0]))
            keyed.append((base + 0.3 + crng.random(), f[1]))
            keyed.append((base + 0.5 + crng.random(), f[2]))
            keyed.append((base + 0.8 + crng.random(), f[3]))
        keyed.sort()
        fs, ss = set(function), set(simple)
        compounds = [wd for wd in dict.fromkeys(wd for _, wd in keyed)
                     if wd not in fs and wd not in ss][: self.POOL]
        self.words = function + simple + compounds
        self.n_function = len(function)
        weights = []
        for stratum, share in ((function, self.SHARE[0]), (simple, self.SHARE[1]),
                               (compounds, self.SHARE[2])):
            ws = [1.0 / (r + self.Q) ** self.S for r in range(1, len(stratum) + 1)]
            tot = sum(ws)
            weights += [x * share / tot for x in ws]
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]
        self.sizes = (len(function), len(simple), len(compounds))
        self.nouns = [w for w in NOUNS_M + NOUNS_N]
        self.adjectives = [adjective_forms(a)[0] for a in ADJECTIVES]
        self.adjectives_def = [adjective_forms(a)[2] for a in ADJECTIVES]
        self.ing_nouns = ing_nouns

    def _nn(self, nb_forms, nn_forms):
        for a, b in zip(nb_forms, nn_forms):
            if a != b:
                self.nn_map.setdefault(a, b)

    def draw(self, rng, k):
        words, cum, total = self.words, self.cum, self.total
        hi = len(words) - 1
        out = []
        for _ in range(k):
            out.append(words[min(bisect.bisect(cum, rng.random() * total), hi)])
        return out


# ---------------------------------------------------------------------------
# Text
# ---------------------------------------------------------------------------

def slugify(s):
    s = s.lower()
    for a, b in (("æ", "ae"), ("ø", "o"), ("å", "a"), ("é", "e"), ("ü", "u")):
        s = s.replace(a, b)
    out, dash = [], False
    for ch in s:
        if "a" <= ch <= "z" or "0" <= ch <= "9":
            out.append(ch)
            dash = False
        elif not dash and out:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def yq(s):
    """A YAML double-quoted scalar."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Writer:
    def __init__(self, vocab, rng, nn=False):
        self.v = vocab
        self.rng = rng
        self.nn = nn
        self.words = 0

    def _tr(self, w):
        if self.nn:
            return self.v.nn_map.get(w, w)
        return w

    def sentence(self, topical=(), lo=6, hi=22):
        rng = self.rng
        k = rng.randint(lo, hi)
        ws = self.v.draw(rng, k)
        # weave in the case's own topic words now and then
        if topical and rng.random() < 0.45:
            ws.insert(rng.randrange(len(ws) + 1), rng.choice(topical))
        ws = [self._tr(w) for w in ws]
        if k > 9 and rng.random() < 0.4:
            i = rng.randrange(3, len(ws) - 2)
            ws[i] = ws[i] + ","
        first = ws[0]
        ws[0] = first[:1].upper() + first[1:]
        self.words += len(ws)
        # mostly full stops, a few questions (two draws, kept as measured)
        end = "." if rng.random() < 0.93 else ("?" if rng.random() < 0.5 else ".")
        return " ".join(ws) + end

    def phrase(self, lo=2, hi=6):
        ws = [self._tr(w) for w in self.v.draw(self.rng, self.rng.randint(lo, hi))]
        self.words += len(ws)
        return " ".join(ws)

    def paragraph(self, topical=(), lo=2, hi=6, links=None, inline=True):
        rng = self.rng
        sents = [self.sentence(topical) for _ in range(rng.randint(lo, hi))]
        if inline:
            # emphasis, a link, occasionally strikethrough
            if rng.random() < 0.25:
                i = rng.randrange(len(sents))
                parts = sents[i].split(" ")
                if len(parts) > 4:
                    j = rng.randrange(1, len(parts) - 2)
                    parts[j] = "**" + parts[j].rstrip(",") + "**"
                    sents[i] = " ".join(parts)
            if rng.random() < 0.15:
                i = rng.randrange(len(sents))
                parts = sents[i].split(" ")
                if len(parts) > 4:
                    j = rng.randrange(1, len(parts) - 2)
                    parts[j] = "_" + parts[j].rstrip(",") + "_"
                    sents[i] = " ".join(parts)
            if links and rng.random() < 0.3:
                text, url = rng.choice(links)
                i = rng.randrange(len(sents))
                sents[i] = sents[i][:-1] + f" (se [{text}]({url}))."
            if rng.random() < 0.03:
                i = rng.randrange(len(sents))
                parts = sents[i].split(" ")
                if len(parts) > 5:
                    j = rng.randrange(1, len(parts) - 3)
                    parts[j] = "~~" + parts[j].rstrip(",")
                    parts[j + 1] = parts[j + 1].rstrip(",") + "~~"
                    sents[i] = " ".join(parts)
        return " ".join(sents)

    def bullet_list(self, topical=(), ordered=False):
        rng = self.rng
        items = []
        for i in range(rng.randint(3, 7)):
            if rng.random() < 0.5:
                txt = self.phrase(2, 7)
                txt = txt[:1].upper() + txt[1:]
            else:
                txt = self.sentence(topical, 5, 14)
            items.append((f"{i + 1}. " if ordered else "- ") + txt)
        return "\n".join(items)


# ---------------------------------------------------------------------------
# Municipalities and cases
# ---------------------------------------------------------------------------

DEFAULT_MUNICIPALITIES = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                      "..", "..", "data", "kommuner-2024.csv")


def load_municipalities(path):
    """The 357 municipalities of 2024: (name, number, county, population),
    from the repository's data/kommuner-2024.csv (columns kommunenummer, kommunenavn,
    fylkesnummer, fylke, adm_senter, innbyggere, ...)."""
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f):
            out.append((row["kommunenavn"], row["kommunenummer"], row["fylke"],
                        int(row["innbyggere"])))
    out.sort(key=lambda m: m[1])
    return out


def make_municipalities(rng, n, table):
    """The municipalities that get cases: about n/4 of them (all 357 from
    1,428 cases up), in a random order; earlier ones get more cases."""
    munis = list(table)
    rng.shuffle(munis)
    return munis[: max(5, min(len(munis), n // 4))]


def png_bytes(w, h, rgb):
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))

    def chunk(tag, data):
        c = struct.pack(">I", len(data)) + tag + data
        return c + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


N_IMAGES = 12

TITLE_PATTERNS = [
    "{a} som bru mellom {b} og {c}",
    "{a} gir {g} en stemme",
    "{A} {a} i hele kommunen",
    "Fra {b} til {a}",
    "{a} og {b} for {g}",
    "Slik fikk vi {g} med i {a}",
    "{A} {a}: {b} og {c}",
    "Nye former for {a}",
]


class Case:
    pass


def plan_cases(rng, vocab, n, table):
    munis = make_municipalities(rng, n, table)
    mt_slugs = [s for s, _, _ in MODELLTYPE]
    mg_slugs = [s for s, _, _ in MALGRUPPE]
    mt_label = {s: l for s, l, _ in MODELLTYPE}
    mg_label = {s: l for s, l, _ in MALGRUPPE}
    cases, slugs = [], set()
    # a municipality's weight falls with its rank, so some appear many times
    muni_w = [1.0 / (i + 3) ** 0.6 for i in range(len(munis))]
    for i in range(n):
        c = Case()
        c.idx = i
        c.muni, c.number, c.county, c.pop = rng.choices(munis, muni_w)[0]
        k = rng.choices([1, 2, 3, 4], [40, 32, 18, 10])[0]
        mts = []
        while len(mts) < k:
            s = rng.choices(mt_slugs, MODELLTYPE_WEIGHT)[0]
            if s not in mts:
                mts.append(s)
        c.model_types = mts
        c.target_groups = None
        if rng.random() < 0.55:
            k = rng.choices([1, 2, 3], [55, 30, 15])[0]
            tgs = []
            while len(tgs) < k:
                s = rng.choices(mg_slugs, MALGRUPPE_WEIGHT)[0]
                if s not in tgs:
                    tgs.append(s)
            c.target_groups = tgs
        c.nn = rng.random() < 0.05
        # title
        a = mt_label[mts[0]].lower()
        b = rng.choice(vocab.nouns)
        cc = rng.choice(vocab.nouns)
        g = mg_label[c.target_groups[0]].lower() if c.target_groups else "innbyggerne"
        A = rng.choice(vocab.adjectives_def)
        pat = rng.choice(TITLE_PATTERNS)
        phrase = pat.format(a=a, b=b, c=cc, g=g, A=A.capitalize() if pat.startswith("{A}") else A)
        c.title = f"{c.muni}: {phrase[:1].lower() + phrase[1:] if pat.startswith('{a}') else phrase}"
        base = slugify(c.muni) + "-" + slugify(rng.choice([mts[0], b, a]))
        slug, j = base, 2
        while slug in slugs:
            slug = f"{base}-{j}"
            j += 1
        slugs.add(slug)
        c.slug = slug
        c.draft = None
        r = rng.random()
        if r < 0.01:
            c.draft = True
        elif r < 0.45:
            c.draft = False
        cases.append(c)
    return cases


def front_matter_values(c, rng, vocab, w, published_slugs):
    """Fill the optional fields (each present in about half of the cases)."""
    mt_label = {s: l for s, l, _ in MODELLTYPE}
    # `county` is optional (katalog knows the 2024 numbers): written in about half
    c.county_present = rng.random() < 0.5
    # summary: plain text, <= 400 characters
    s = " ".join(w.sentence([mt_label[m].lower() for m in c.model_types], 8, 20)
                 for _ in range(rng.randint(1, 3)))
    if len(s) > 400:
        s = s[:397].rsplit(" ", 1)[0].rstrip(",") + "."
    c.summary = s
    c.period = None
    if rng.random() < 0.5:
        y0 = rng.randint(2018, 2024)
        m0 = rng.randint(1, 12)
        months = rng.randint(6, 36)
        end = y0 * 12 + (m0 - 1) + months
        c.period = (f"{y0}-{m0:02d}", f"{end // 12}-{end % 12 + 1:02d}")
    c.grant = rng.randrange(50_000, 1_500_001, 25_000) if rng.random() < 0.5 else None
    c.budget = None
    if rng.random() < 0.45:
        c.budget = []
        y = rng.randint(2019, 2024)
        for p in range(rng.randint(1, 3)):
            items = []
            for _ in range(rng.randint(1, 4)):
                txt = w.phrase(2, 5)
                txt = txt[:1].upper() + txt[1:]
                items.append((txt, rng.randrange(10_000, 400_001, 5_000)))
            season = "Høst" if not c.nn else "Haust"
            c.budget.append((f"{season} {y + p} og vår {y + p + 1}", items))
    c.sdgs = sorted(rng.sample([16, 11, 10, 4, 3, 5, 13, 17, 8, 1], rng.randint(1, 3))) \
        if rng.random() < 0.4 else None
    c.contact = None
    if rng.random() < 0.5:
        fn, ln = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        c.contact = (f"{fn} {ln}", rng.choice(ROLES),
                     f"{slugify(fn)}.{slugify(ln)}@{slugify(c.muni)}.example.no"
                     if rng.random() < 0.6 else "postmottak@example.no")
    c.links = None
    if rng.random() < 0.5:
        c.links = []
        for _ in range(rng.randint(1, 3)):
            if rng.random() < 0.7 or not published_slugs:
                t = rng.choice(["Søknaden", "Sluttrapport", "Prosjektside", "Kommunens nettside",
                                "Saksframlegg", "Vedtak i kommunestyret", "Evaluering",
                                "Presentasjon", "Artikkel i lokalavisen"])
                url = f"https://{slugify(c.muni)}.example.no/{slugify(w.phrase(1, 3))}"
            else:
                other = rng.choice(published_slugs)
                t = "Lignende eksempel"
                url = f"/eksempler/{other}/"
            c.links.append((t, url))
    c.image = None
    if rng.random() < 0.3:
        c.image = (f"media/bilde-{rng.randrange(N_IMAGES) + 1:02d}.png",
                   (c.muni + ": " + w.phrase(2, 6)).replace('"', ""))
    c.language = "nn" if c.nn else ("nb" if rng.random() < 0.1 else None)
    c.date = None
    c.updated = None
    if rng.random() < 0.6:
        y, m, d = rng.randint(2019, 2025), rng.randint(1, 12), rng.randint(1, 28)
        c.date = f"{y}-{m:02d}-{d:02d}"
        if rng.random() < 0.4:
            y2 = min(2026, y + rng.randint(0, 2))
            m2 = rng.randint(m if y2 == y else 1, 12)
            d2 = rng.randint(d if (y2, m2) == (y, m) else 1, 28)
            c.updated = f"{y2}-{m2:02d}-{d2:02d}"


def body_markdown(c, rng, vocab, w, published_slugs):
    mt_label = {s: l for s, l, _ in MODELLTYPE}
    topical = [mt_label[m].lower() for m in c.model_types] + [c.muni, c.muni + " kommune"]
    if c.target_groups:
        topical += [g.replace("-", " ") for g in c.target_groups]
    target = int(rng.triangular(280, 1350, 600))
    links = [("kommunens nettside", f"https://{slugify(c.muni)}.example.no/")]
    if published_slugs:
        for _ in range(2):
            o = rng.choice(published_slugs)
            links.append((o.replace("-", " "), f"/eksempler/{o}/"))
    links.append(("veilederen", "https://example.no/veileder/lokaldemokrati"))
    names = SECTIONS_NN if c.nn else SECTIONS_NB
    k = rng.randint(4, 7)
    chosen = sorted(rng.sample(range(7), k))
    if 0 not in chosen and rng.random() < 0.7:
        chosen = [0] + chosen[:-1]
    parts = []
    w.words = 0
    # an introduction
    parts.append(w.paragraph(topical, 2, 4, links))
    table_done = rng.random() >= 0.2
    footnote = rng.random() < 0.05
    for si, sec in enumerate(chosen):
        if w.words >= target and si >= 3:
            break
        head = names[sec]
        if rng.random() < 0.1:
            head += " {#" + slugify(names[sec]) + "}"
        parts.append("## " + head)
        while True:
            r = rng.random()
            if r < 0.12:
                parts.append(w.bullet_list(topical, ordered=rng.random() < 0.3))
            elif r < 0.16 and not table_done:
                parts.append(table_md(c, rng, w))
                table_done = True
            elif r < 0.19:
                parts.append("### " + (lambda p: p[:1].upper() + p[1:])(w.phrase(2, 5)))
            else:
                parts.append(w.paragraph(topical, 2, 6, links))
            if w.words >= target * (si + 1) / len(chosen) or w.words >= target:
                break
    if not table_done:
        parts.append(table_md(c, rng, w))
    if footnote:
        parts[1 if len(parts) > 1 else 0] += "[^1]"
        parts.append("[^1]: " + w.sentence(topical, 5, 12))
    return "\n\n".join(parts) + "\n"


def table_md(c, rng, w):
    if c.budget and rng.random() < 0.5:
        rows = ["| Periode | Tiltak | Kroner |", "| --- | --- | ---: |"]
        for period, items in c.budget:
            for txt, nok in items:
                rows.append(f"| {period} | {txt} | {nok:,} |".replace(",", "\u00a0"))
        return "\n".join(rows)
    rows = ["| Fase | Aktivitet | Deltakere |", "| --- | --- | ---: |"]
    for i in range(rng.randint(2, 6)):
        act = w.phrase(2, 5)
        rows.append(f"| {i + 1} | {act[:1].upper() + act[1:]} | {rng.randint(5, 400)} |")
    return "\n".join(rows)


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------

def case_front_matter_katalog(c):
    L = ["---", f"title: {yq(c.title)}", f"municipality: {c.muni}",
         f'municipality_number: "{c.number}"']
    if c.county_present:
        L.append(f"county: {c.county}")
    L += [f"population: {c.pop}", f"model_types: [{', '.join(c.model_types)}]"]
    if c.target_groups:
        L.append(f"target_groups: [{', '.join(c.target_groups)}]")
    if c.idx % 2 == 0:
        L.append("summary: >")
        line = "  "
        for word in c.summary.split(" "):
            if len(line) + len(word) > 78 and line.strip():
                L.append(line.rstrip())
                line = "  "
            line += word + " "
        L.append(line.rstrip())
    else:
        L.append(f"summary: {yq(c.summary)}")
    if c.period:
        L.append(f"period: {{ start: {c.period[0]}, end: {c.period[1]} }}")
    if c.grant is not None:
        L.append(f"grant_nok: {c.grant}")
    if c.budget:
        L.append("budget:")
        for period, items in c.budget:
            L.append(f"  - period: {period}")
            L.append("    items:")
            for txt, nok in items:
                L.append(f"      - {{ item: {txt}, nok: {nok} }}")
    if c.sdgs:
        L.append(f"sdgs: [{', '.join(map(str, c.sdgs))}]")
    if c.contact:
        n, r, e = c.contact
        L.append(f"contact: {{ name: {n}, role: {r}, email: {e} }}")
    if c.links:
        L.append("links:")
        for t, u in c.links:
            L.append(f"  - {{ title: {t}, url: {yq(u)} }}")
    if c.image:
        L.append(f"image: {{ src: {c.image[0]}, alt: {yq(c.image[1])} }}")
    if c.language:
        L.append(f"language: {c.language}")
    if c.date:
        L.append(f"date: {c.date}")
    if c.updated:
        L.append(f"updated: {c.updated}")
    if c.draft is not None:
        L.append(f"draft: {'true' if c.draft else 'false'}")
    L.append("---")
    return "\n".join(L) + "\n"


def case_front_matter_zola(c):
    L = ["---", f"title: {yq(c.title)}", f"description: {yq(c.summary)}"]
    if c.date:
        L.append(f"date: {c.date}")
    if c.updated:
        L.append(f"updated: {c.updated}")
    if c.draft is not None:
        L.append(f"draft: {'true' if c.draft else 'false'}")
    L.append("taxonomies:")
    L.append(f"  modelltype: [{', '.join(c.model_types)}]")
    if c.target_groups:
        L.append(f"  malgruppe: [{', '.join(c.target_groups)}]")
    L.append("extra:")
    L += [f"  municipality: {c.muni}", f'  municipality_number: "{c.number}"']
    if c.county_present:
        L.append(f"  county: {c.county}")
    L.append(f"  population: {c.pop}")
    if c.period:
        L.append(f"  period: {{ start: {yq(c.period[0])}, end: {yq(c.period[1])} }}")
    if c.grant is not None:
        L.append(f"  grant_nok: {c.grant}")
    if c.budget:
        L.append("  budget:")
        for period, items in c.budget:
            L.append(f"    - period: {period}")
            L.append("      items:")
            for txt, nok in items:
                L.append(f"        - {{ item: {txt}, nok: {nok} }}")
    if c.sdgs:
        L.append(f"  sdgs: [{', '.join(map(str, c.sdgs))}]")
    if c.contact:
        n, r, e = c.contact
        L.append(f"  contact: {{ name: {n}, role: {r}, email: {e} }}")
    if c.links:
        L.append("  links:")
        for t, u in c.links:
            L.append(f"    - {{ title: {t}, url: {yq(u)} }}")
    if c.image:
        L.append(f"  image: {{ src: {c.image[0]}, alt: {yq(c.image[1])} }}")
    if c.language:
        L.append(f"  language: {c.language}")
    L.append("---")
    return "\n".join(L) + "\n"


KATALOG_YAML_HEAD = """\
title: Inspirasjonskatalog for lokaldemokrati
description: Eksempler fra foregangskommunene på nye former for innbyggermedvirkning og lokaldemokrati.
base_url: https://example.org/katalog/
language: nb
theme: default
taxonomies:
"""


def katalog_yaml():
    L = [KATALOG_YAML_HEAD.rstrip("\n")]
    for key, label, terms in (("modelltype", "Modelltype", MODELLTYPE),
                              ("malgruppe", "Målgruppe", MALGRUPPE)):
        L.append(f"  {key}:")
        L.append(f"    label: {label}")
        L.append("    terms:")
        for slug, tl, desc in terms:
            L.append(f"      - slug: {slug}")
            L.append(f"        label: {tl}")
            L.append(f"        description: {desc}")
    return "\n".join(L) + "\n"


def om_body(w, rng):
    return ("Inspirasjonskatalogen samler eksempler fra kommuner som prøver ut nye former for "
            "lokaldemokrati og innbyggermedvirkning. Eksemplene er skrevet av kommunene selv.\n\n"
            "## Hvordan katalogen er bygd opp\n\n"
            "Hvert eksempel er merket med én eller flere **modelltyper** og gjerne med en "
            "**målgruppe**. Du kan bla i katalogen etter modelltype, målgruppe, fylke og "
            "kommunestørrelse, eller søke i hele teksten.\n\n"
            "## Bidra med et eksempel\n\n" + w.paragraph((), 3, 5) + "\n\n"
            "- Beskriv modellen og hvordan den er koblet til den politiske organiseringen\n"
            "- Fortell hva som fungerte og hva dere ville gjort annerledes\n"
            "- Legg gjerne ved søknaden, budsjettet og en kontaktperson\n\n"
            "Kontakt oss på [postmottak@example.no](mailto:postmottak@example.no).\n")


def index_body():
    return ("Her finner du eksempler fra kommuner som har prøvd ut nye måter å involvere "
            "innbyggerne på: innbyggerpanel, deltakende budsjettering, gjestebud, "
            "ungdomsråd og digitale verktøy.\n\nBla i eksemplene etter modelltype og "
            "målgruppe, eller bruk søket.\n")


ZOLA_CONFIG = """\
base_url = "https://example.org/katalog"
title = "Inspirasjonskatalog for lokaldemokrati"
description = "Eksempler fra foregangskommunene på nye former for innbyggermedvirkning og lokaldemokrati."
default_language = "{lang}"
compile_sass = false
build_search_index = true
generate_feeds = false

taxonomies = [
  {{ name = "modelltype" }},
  {{ name = "malgruppe" }},
]

[markdown]
render_emoji = false
smart_punctuation = false

[search]
include_title = true
include_description = true
include_content = true
index_format = "elasticlunr_javascript"

[extra]
"""

ZOLA_TEMPLATES = {
    "base.html": """<!doctype html>
<html lang="{{ config.default_language }}">
<head><meta charset="utf-8"><title>{% block title %}{{ config.title }}{% endblock %}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body>
<header><a href="{{ config.base_url | safe }}/">{{ config.title }}</a>
<nav><a href="{{ get_url(path='@/om.md') }}">Om</a>
<a href="{{ config.base_url | safe }}/modelltype/">Modelltype</a>
<a href="{{ config.base_url | safe }}/malgruppe/">Målgruppe</a></nav></header>
<main>{% block content %}{% endblock %}</main>
</body></html>
""",
    "index.html": """{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% set eks = get_section(path="eksempler/_index.md") %}
<ul class="cases">
{% for p in eks.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>
<p>{{ p.description }}</p></li>
{% endfor %}</ul>
{% endblock %}
""",
    "section.html": """{% extends "base.html" %}
{% block content %}
<h1>{{ section.title }}</h1>
<ul class="cases">
{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>
<p>{{ p.description }}</p></li>
{% endfor %}</ul>
{% endblock %}
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} – {{ config.title }}{% endblock %}
{% block content %}
<article>
<h1>{{ page.title }}</h1>
{% if page.extra.municipality %}
<table class="meta">
<tr><th>Kommune</th><td>{{ page.extra.municipality }} ({{ page.extra.municipality_number }})</td></tr>
{% if page.extra.county %}<tr><th>Fylke</th><td>{{ page.extra.county }}</td></tr>{% endif %}
<tr><th>Innbyggere</th><td>{{ page.extra.population }}</td></tr>
<tr><th>Modelltype</th><td>{% for t in page.taxonomies.modelltype %}<a href="{{ get_taxonomy_url(kind='modelltype', name=t) }}">{{ t }}</a> {% endfor %}</td></tr>
{% if page.taxonomies.malgruppe %}<tr><th>Målgruppe</th><td>{% for t in page.taxonomies.malgruppe %}<a href="{{ get_taxonomy_url(kind='malgruppe', name=t) }}">{{ t }}</a> {% endfor %}</td></tr>{% endif %}
{% if page.extra.period %}<tr><th>Periode</th><td>{{ page.extra.period.start }} – {{ page.extra.period.end }}</td></tr>{% endif %}
{% if page.extra.grant_nok %}<tr><th>Tilskudd</th><td>{{ page.extra.grant_nok }} kr</td></tr>{% endif %}
{% if page.extra.contact %}<tr><th>Kontakt</th><td>{{ page.extra.contact.name }}, {{ page.extra.contact.role }}, {{ page.extra.contact.email }}</td></tr>{% endif %}
</table>
{% if page.extra.budget %}<table class="budget"><tr><th>Periode</th><th>Post</th><th>Kroner</th></tr>
{% for b in page.extra.budget %}{% for i in b.items %}<tr><td>{{ b.period }}</td><td>{{ i.item }}</td><td>{{ i.nok }}</td></tr>{% endfor %}{% endfor %}</table>{% endif %}
{% if page.extra.image %}<img src="{{ config.base_url | safe }}/{{ page.extra.image.src }}" alt="{{ page.extra.image.alt }}">{% endif %}
{% endif %}
{{ page.content | safe }}
{% if page.extra.links %}<ul class="links">{% for l in page.extra.links %}<li><a href="{{ l.url }}">{{ l.title }}</a></li>{% endfor %}</ul>{% endif %}
</article>
{% endblock %}
""",
    "taxonomy_list.html": """{% extends "base.html" %}
{% block content %}
<h1>{{ taxonomy.name }}</h1>
<ul>{% for t in terms %}<li><a href="{{ t.permalink }}">{{ t.name }}</a> ({{ t.pages | length }})</li>{% endfor %}</ul>
{% endblock %}
""",
    "taxonomy_single.html": """{% extends "base.html" %}
{% block content %}
<h1>{{ term.name }}</h1>
<ul class="cases">
{% for p in term.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a>
<p>{{ p.description }}</p></li>
{% endfor %}</ul>
{% endblock %}
""",
}


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", required=True, help="output folder (content/ is written inside)")
    ap.add_argument("--cases", type=int, required=True, help="number of case studies")
    ap.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    ap.add_argument("--flavor", choices=["katalog", "zola"], default="katalog")
    ap.add_argument("--municipalities", default=DEFAULT_MUNICIPALITIES,
                    help="CSV of the 2024 municipalities (default: the repository's "
                         "data/kommuner-2024.csv, ../../data/ from this script)")
    ap.add_argument("--zola-language", default="no",
                    help="default_language written to the zola config.toml (default no: "
                         "Zola 0.22 refuses to build a search index for nb)")
    args = ap.parse_args(argv)
    if args.cases < 0:
        ap.error("--cases must be >= 0")

    rng = random.Random(args.seed)
    vocab = Vocabulary(rng)
    try:
        table = load_municipalities(args.municipalities)
    except OSError as e:
        sys.exit(f"cannot read the municipality list: {e}")
    cases = plan_cases(rng, vocab, args.cases, table)
    published = [c.slug for c in cases if not c.draft]
    out = args.out
    content = os.path.join(out, "content")
    if os.path.exists(os.path.join(content, "eksempler")) and os.listdir(os.path.join(content, "eksempler")):
        sys.exit(f"{content}/eksempler is not empty; give an empty or new --out")
    zola = args.flavor == "zola"
    media_dir = os.path.join(out, "static", "media") if zola else os.path.join(content, "media")
    os.makedirs(media_dir, exist_ok=True)
    for i in range(N_IMAGES):
        col = [(37 * i + 60) % 256, (91 * i + 120) % 256, (53 * i + 200) % 256]
        with open(os.path.join(media_dir, f"bilde-{i + 1:02d}.png"), "wb") as f:
            f.write(png_bytes(64, 40, col))

    w_nb = Writer(vocab, rng)
    if zola:
        write(os.path.join(out, "config.toml"), ZOLA_CONFIG.format(lang=args.zola_language))
        for name, text in ZOLA_TEMPLATES.items():
            write(os.path.join(out, "templates", name), text)
        write(os.path.join(content, "_index.md"),
              "---\ntitle: Inspirasjonskatalog for lokaldemokrati\n---\n" + index_body())
        write(os.path.join(content, "eksempler", "_index.md"),
              "---\ntitle: Eksempler\nsort_by: title\n---\n")
        write(os.path.join(content, "om.md"), "---\ntitle: Om katalogen\n---\n" + om_body(w_nb, rng))
    else:
        write(os.path.join(content, "katalog.yaml"), katalog_yaml())
        write(os.path.join(content, "_index.md"),
              "---\ntitle: Inspirasjonskatalog for lokaldemokrati\n---\n" + index_body())
        write(os.path.join(content, "om.md"), "---\ntitle: Om katalogen\n---\n" + om_body(w_nb, rng))

    words_total = 0
    for c in cases:
        w = Writer(vocab, rng, nn=c.nn)
        front_matter_values(c, rng, vocab, w, published)
        body = body_markdown(c, rng, vocab, w, [s for s in rng.sample(published, min(3, len(published)))
                                                 if s != c.slug])
        words_total += w.words
        fm = case_front_matter_zola(c) if zola else case_front_matter_katalog(c)
        write(os.path.join(content, "eksempler", c.slug + ".md"), fm + body)
    print(f"wrote {len(cases)} cases ({sum(1 for c in cases if c.draft)} drafts, "
          f"{sum(1 for c in cases if c.nn)} nynorsk), about {words_total} body words, "
          f"flavor {args.flavor}, seed {args.seed}, into {content}", file=sys.stderr)


if __name__ == "__main__":
    main()
