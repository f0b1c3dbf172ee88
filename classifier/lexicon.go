package classifier

// cue kinds: what a matched phrase tells the rules.
type kind uint8

const (
	kCountry    kind = iota
	kBlock           // a look-alike of a country name ("Australia Group")
	kEL              // the US Entity List by name
	kELGeneric       // "blacklist", "schwarze Liste": Entity List only with Commerce/export context
	kDistractor      // another list (Unverified, MEU, China's Unreliable Entity List, SDN, ...)
	kCommerce        // US Commerce / BIS / export context for kELGeneric
	kAdd
	kRemove
	kRevise
	kEntityNoun
	kRetro // the sentence describes an earlier rule
	kNeg   // an action that is background ("after they were added")
	kTierTerm
	kTierOne // Tier 1 wording: the US itself is placed there
	kGroupTerm
	kFramework
	kTierVerb
	kQuotaTerm
	kQuotaStrong
	kChipCtx
	kUnit
	kOtherStrong
	kOtherWeak
	kChange
	kDest
	kAllied
	kReviseNoun   // what a revision touches (aliases, addresses, footnotes): needs a verb
	kEAR          // the EAR named as the regulation amended: framing, weak on its own
	kReviewPolicy // license review policy wording: quota evidence in a document about TPP thresholds
	kParty        // prepositions that introduce where parties sit ("companies in", "Firmen aus")
	kConj         // a subordinate clause of background ("after they were added", "nachdem")
	kExportCtx    // the document is about exports at all (gate for other_export_control)
	kOtherGeneric // legal terms that mean export control only in an export document ("due diligence", "de minimis rule")
	kAllowance    // what a country may receive ("allowed to import", "bis zu", "darf")
	kRescind      // the action undoes an earlier rule: "rescinding", "aufheben" (its date is not background)
	kExcept       // countries after it are exclusions ("other than", "excluding", "außer")
	kMeeting      // a meeting notice ("Technical Advisory Committee; Notice of Partially Closed Meeting")
	kEnforcement  // an enforcement outcome (penalty, settlement, plea): no change of controls
	kForeignAuth  // a non-US export authority ("China's commerce ministry", "METI", "the Dutch government")
	kTierPlace    // a country's standing in a tier framework ("remain barred", "ausgeschlossen")
	kLift         // restrictions lifted or eased ("lifted", "aufgehoben", "no longer")
	kRestrNoun    // what a lift acts on: restrictions, caps, Tier 2 ("Beschränkungen", "Obergrenzen")
	kLimitVerb    // a limit put on what a country may buy ("limit", "begrenzen"): quota with an allowance
	kListRef      // "die Liste", "the list": the Entity List where the document names it elsewhere
	kOffDomain    // another agency's subject ("Clean Air Act", "import permit"): not export control
	kRestrictVerb // stops or restricts (exports): "stoppen", "verbieten", "restrict", "halt"
	kHistYear     // a date in the past tense of a report ("in 2019", "seit 2020", "in December 2020")
	kCitesOther   // another document published with this one ("publishes concurrently with", "a separate rule"): fr.go
	kAgencyVoice  // an agency speaking of its own Federal Register document ("this rule", "(BIS) is amending"): agencyVoice in fr.go
	numKinds
)

// cueTable lists the phrases of each kind in English and German, matched on
// lowered text at word boundaries; "*" marks a stem, "=" a case-sensitive
// phrase (as in countryTable). Gathered from shared/domain/glossary.md.
var cueTable = map[kind]string{
	kEL: `entity list; entity lists; entity liste; entity listing*; entitätenliste*; entitäten liste*; entitaetenliste;
		supplement no. 4 to part 744; supplement no. 4 to 15 cfr part 744; supplement 4 to part 744;
		trade blacklist*; export blacklist*; commerce blacklist*; trade restriction list; handels blacklist*; handelsblacklist*;
		liste der handelsbeschränkungen; handelsbeschränkungsliste*; us exportkontrollliste*; us exportkontrolliste*; us entity list;
		us handelsblacklist*; schwarze liste des us handelsministeriums; schwarzen liste des us handelsministeriums; exportbeschränkungsliste*;
		us exportbeschränkungsliste*`,
	kELGeneric: `blacklist; blacklists; blacklisted; blacklisting; black list; schwarze liste; schwarzen liste; schwarze listen; schwarzer liste; sanktionsliste*;
		exportkontrollliste*; exportkontrolliste*; sperrliste*; handelsliste; bannliste*; bann liste*; embargoliste*; embargo liste*; beschränkungsliste*;
		list of organisations; list of organizations; list of companies; list of entities; list of firms;
		liste von unternehmen; liste von firmen; liste der firmen; liste der unternehmen; liste von organisationen`,
	kDistractor: `unreliable entity list; unreliable entities list; unreliable entity; liste unzuverlässiger*; liste der unzuverlässigen*;
		unzuverlässige einheiten; unzuverlässige unternehmen; unzuverlässigen einheiten; unzuverlässigen unternehmen;
		unverified list; unverified" list; red flag trade list; =UVL; ungeprüfte liste; ungeprüften liste; unbestätigte liste; unbestätigten liste; warnliste*; red flag list; red flag liste; watch list; trade watch list; military end user list; military end user (meu) list; meu list; meu liste;
		=MEU; sdn list; specially designated nationals; =OFAC; office of foreign assets control; eu sanktionsliste*; eu sanctions; eu sanktionen;
		finanzministerium*; us finanzministerium*; treasury department; department of the treasury; treasury's; us treasury;
		eu sanktionspaket*; sanktionspaket*; sanctions package; sanctions list; mofcom; chinesische handelsministerium; chinesisches handelsministerium;
		chinesischen handelsministerium*; handelsministerium in peking; handelsministerium peking; chinese commerce ministry; china's commerce ministry;
		commerce ministry in beijing; ministry of commerce of china; chinese ministry of commerce; china's ministry of commerce; export control control list;
		cuba restricted list; restricted entities and subentities; 1260h; ns cmic; chinese military companies; investitionsverbot*; investment ban;
		non sdn; denied persons list; its export control list; seine exportkontrollliste; ihre exportkontrollliste; japan's export control list; us investoren; wertpapiere des; des pentagons; pentagon list; pentagon's list; restricted entities and sub entities; sub entities; chinesische exportkontrollliste; chinas exportkontrollliste; china's export control list;
		end user list; end user lists; its own entity list; strategic high tech commodities entity list; sanctions packages; sanktionspakete`,
	kCommerce: `handelsministerium; us handelsministerium; handelsministeriums; us handelsministeriums; department of commerce; commerce department; =Commerce;
		commerce ministry; bureau of industry and security; =BIS; export*; us regierung; us regierungen; washington; handelsbeschränkung*`,
	kAdd: `adding; adds; added; add; addition; additions; placed on; placing; places; place on; to place; placed; put; puts; putting; blacklisted; blacklisting; designated; designates; designating;
		gesetzt; setzt; setzte; setzten; setzen; aufgenommen; aufnahme; nimmt; nahm; hinzugefügt; hinzugefuegt; fügt; fügte; gelistet; listet; listete;
		^kamen; ^kommen; ^kommt; ^kam; neuzugänge; ergänzt; ergänzte; erweitert; erweiterte; erweitern; landen; gelandet; kommen auf; kommt auf; kamen auf; kommen in; kommt in; landen auf; landet auf;
		stehen nun auf; steht nun auf; stehen jetzt auf; steht jetzt auf; stehen neu auf; steht neu auf; are now on; is now on`,
	kRemove: `removing; removes; removed; remove; removal; removals; off the entity list; off a trade blacklist; off the trade blacklist; off its trade blacklist; off a blacklist; off the blacklist; off its blacklist; off an export blacklist; off the export blacklist; off its export blacklist; off a u.s. trade blacklist; off a us trade blacklist; off the list; off its export control list; off the export control list; off an export control list; from the entity list; von der entity list; von der liste; delisted; delisting; delist; taken off; take off; takes off; taking off; drops; dropped;
		gestrichen; streicht; strich; streichung; entfernt; entfernte; entfernung; entfernen; genommen; herausgenommen; nicht mehr auf der; delistet; gelöscht; löscht;
		von der liste genommen`,
	kRevise: `revising; revises; revised; revise; revision; revisions; modifying; modifies; modified; modify; modification; modifications;
		amending the entr*; amends the entr*; amends entr*; amended entr*; amends the entity; correcting; corrects; corrected; corrections to the entr*;
		changes to the entr*; updates the entr*; updated entr*; updates the entity list entr*; updated the entity list entr*; update the entity list entr*; updating the entity list entr*; änderung; änderungen; geändert; ändert; überarbeitet; überarbeitung;
		aktualisiert; korrigiert`,
	kReviseNoun: `existing entr*; alias; aliases; a.k.a; address; addresses; license review policy; licence review policy; footnote*;
		aliasnamen; adressen; adresse; prüfpolitik; fußnote*; bestehende einträge; bestehenden einträge; bestehender einträge;
		validierter endverwender`,
	kEAR: `export administration regulations; =EAR; reexport*; re export*; export administration`,
	kReviewPolicy: `license review policy; licence review policy; review policy; case by case; presumption of denial; presumption of approval;
		einzelfallprüfung*; einzelfall; fallweise*; vermutung der ablehnung; vermutung der genehmigung; grundsätzlich abgelehnt`,
	kParty: `companies in; companies from; firms in; firms from; entities in; entities from; entities based in; companies based in; individuals in;
		subsidiaries in; unternehmen aus; firmen aus; unternehmen in; firmen in; einrichtungen aus; tochterfirmen in; töchter in; personen aus;
		unternehmen mit sitz in; firmen mit sitz in; companies located in; entities located in; addresses in; adressen in; customers in; kunden in;
		based in; mit sitz in; parties are in; entities are in; companies are in; firms are in; the rest in; the others in; the remainder in;
		are located in; are based in; ansässig in; sitzen in; sit in; sits in; je eine aus; eine aus; einer aus; je einer aus; one each from; one from;
		stammen aus; stammt aus; kommen aus; come from; are from; ländern wie; länder wie; staaten wie; drittstaaten wie; drittländern wie; drittländer wie;
		countries such as; countries like; nations such as; third countries such as; the rest are in; removed are in; added are in;
		located in; persons in; parties in; network of; netzwerk von; companies in the; entities in the`,
	kEntityNoun: `entity; entities; entry; entries; persons; companies; company; firms; firm; organizations; organisations; institutes; universities;
		laboratories; labs; research institutes; rüstungsfirmen; rüstungskonzerne; rüstungsunternehmen; technologiefirmen; techfirmen; handelsfirmen; suppliers; distributors; trading companies; manufacturers; chipmakers; toolmakers; individuals;
		subsidiaries; affiliates; parties; unternehmen; firmen; einträge; eintrag; einrichtungen; organisationen; institute; universitäten;
		konzern*; tochterfirmen; tochtergesellschaften; hersteller; chipfirmen; chiphersteller; personen;
		refineries; refinery; raffinerien; raffinerie; traders; händler; shipping firms; shipping companies; reedereien; plants; factories; fabs; werke; werken; fabriken; airline; airlines; fluggesellschaft*; carriers; carrier; makers; maker; chipmakers; netzwerk; network; networks;
		contractors; defence contractors; defense contractors; rüstungsbauer; rüstungshersteller; zulieferer; banks; banken; telecoms giant; tech giant; giant`,
	kRetro: `that final rule; that rule; the final rule published; published a final rule; published a rule; was published; were published;
		published the interim final rule; published the final rule; published the notice; published in the federal register on; placed on public display;
		previously published; that appeared in the federal register; released the interim final rule; published an associated final rule;
		in a final rule on; published on; prior ear amendments; prior amendments; prior rule; prior rules; previous rule; previous rules; earlier rule;
		earlier rules; build on prior; builds on prior; frühere regel*; früheren regel*`,
	kNeg: `after they were added; after it was added; were previously added; was previously added; previously added; already on the entity list;
		bereits auf der; schon auf der; seit jahren auf; already listed; were added to the entity list in; was added to the entity list in;
		previously designated; if added; could be added; urged; urge; urges; urging; called on; calls on; fordern; fordert; forderten; aufgefordert;
		should add; should be added; sollte; sollten; proposed adding; lobbying; does not add; do not add; will not add; not add; does not remove; no entities;
		requests for removal; request for removal; requests for removals; procedures for requesting; additions to, removals from; could add; may add; might add; könnten; droht; drohen; erwägt; considering adding; consider adding; may lead to; could lead to; criteria for; criteria that; kriterien;
		is considering; are considering; weighing; weighs; mulls; mulling; would add; could blacklist; may blacklist; might blacklist; could be blacklisted;
		asked the commerce; asks the commerce; pressed the commerce; pressing the commerce; called for; calls for; calling for; call for; calling on;
		push for; pushes for; pushing for; könnte; erwägen; prüft, ob; prüfen neue; prüft neue; prüft aufhebung; prüft die aufhebung; prüfen die aufhebung; prüft eine aufhebung; verzichtet auf; verzichten auf; ist gegen neue; sind gegen neue; drängen; drängt; drängten; verlangen; verlangt; verlangten; appellier*;
		may lift; might lift; could lift; chance of; hopes; hoped; hoping; hofft; hoffen; hoffnung; asked; asks;
		denkt darüber nach; denken darüber nach; frühen stadium; early stage; early stages; reportedly plans; reportedly planning;
		is planning to; are planning to; is preparing; are preparing; was preparing; draft regulation*; regelentwurf*; verordnungsentwurf*; plant offenbar; berichten zufolge plant; draft rule; draft rules; gesetzesentwurf;
		not yet final; noch nicht endgültig; if implemented; if adopted; wollen offenbar; will offenbar; erwägen offenbar;
		rarely removed; rarely; selten; petition*; seek removal; seeking removal; to have a company removed; to get removed;
		proposed export licen*; proposed commercial export licen*; proposed licenses for the export; proposed arms sale*`,
	kTierTerm: `tier 1; tier 2; tier 3; tier one; tier two; tier three; tier i; tier ii; tier iii; first tier; second tier; third tier; tier status; tiers;
		tier system; three tiers; restricted tier; most restricted tier; most restrictive tier; middle tier; lowest tier; highest tier; top tier;
		favored tier; favoured tier; tier countries; tier country; tier nation*; aia destination*; supplement no. 5 to part 740;
		stufe 1; stufe 2; stufe 3; kategorie 1; kategorie 2; kategorie 3; kategorie eins; kategorie zwei; kategorie drei;
		erste kategorie; zweite kategorie; dritte kategorie; ersten kategorie; zweiten kategorie; dritten kategorie; drei kategorien; drei "kategorien";
		drei stufen; dreistufig*; erste stufe; zweite stufe; dritte stufe; ersten stufe; zweiten stufe; dritten stufe; drei klassen; ländern der kategorie; länder der kategorie; tier 1 land; tier 2 land; tier 3 land; tier 2 länder*; tier 1 länder*;
		ersten korb; zweiten korb; dritten korb; erster korb; zweiter korb; dritter korb; ersten "korb; zweiten "korb; dritten "korb;
		first basket; second basket; third basket; basket of countries; korb der länder; korb von ländern; länderkorb*;
		first group; second group; third group; three groups; erste gruppe; zweite gruppe; dritte gruppe; ersten gruppe; zweiten gruppe; dritten gruppe;
		drei gruppen; 18 key allies; 18 close allies; 18 closest allies; 18 allies; 18 partners; 18 key partners; 18 engsten verbündeten; 18 engste verbündete;
		18 verbündete*; 18 partnerländer*; 18 schlüsselpartner*; tier 2 staat*; tier 2 nation*; kategorie 2 land; kategorie 2 länder*; zweite reihe; zweiten reihe;
		drei ländergruppen; drei klassen von ländern; tiered system; tiered approach; tiered framework; stufensystem; stufenmodell; gestuftes system; kategorie 1 land; kategorie 3 land; 18 länder; 18 ländern; 18 staaten; 18 countries; 18 nations`,
	kTierOne: `tier 1; tier one; tier i; first tier; stufe 1; erste stufe; ersten stufe; kategorie 1; kategorie eins; erste kategorie; ersten kategorie; 18 allies; 18 key partners;
		18 partners; 18 verbündete*; 18 schlüsselpartner*; 18 partnerländer*; 18 engste*; 18 enge*; 18 länder; 18 ländern; 18 staaten; 18 countries; 18 nations`,
	kGroupTerm: `country group; country groups; ländergruppe*; d:5; d:1; d:4; a:5; a:6; a:1; e:1; e:2; arms embargoed; arms embargo; arms embargoes; waffenembargo*; rüstungsembargo*;
		proscribed countries; list of enumerated countries; list of countries for which; restricted destinations; embargoed destinations;
		embargoed countries`,
	kFramework: `ai diffusion; artificial intelligence diffusion; diffusion rule; diffusion framework; ai diffusion rule; ki diffusion; diffusionsregel*;
		diffusions regel*; ai chip rule; ai chip export rule; ki chip regel*; chip export rule; framework for artificial intelligence diffusion; ai framework;
		diffusion of ai; verbreitung von ki; ki exportregel*; ki export regel*; ki regelung; ki regeln; ki regel; ki chip exportregel*;
		ki chip regelung; ki chip export regel*; ai chip rules; ai chip export rules; ai export rule*; ai chip export restrictions rule;
		export rules for ai chips; exportregeln für ki chips; biden regel*; biden rule; biden era rule; biden era ai; bidens ki*`,
	kTierVerb: `moved; moves; move; moving; shifted; shifts; upgraded; upgrade; upgrades; downgraded; downgrade; downgrades; reclassif*; placed; placing;
		assigned; categorized; categorised; elevated; promoted; joins; joined; added to; removed from; falls into; fall into; fall in; falls in; split;
		splits; divides; divided; divide; creates; establishes; introduces; introduced; created; established; rescind*; rescission; repeal*;
		replace*; revoke*; revocation; scrap*; withdraw*; will not enforce; not be enforced; not enforce; interim final rule; issued; unveiled; unveils;
		zurückgezogen; zurückziehen; land in; lands in; landed in; eingestuft; einstufung; stuft; stufte; stuften; ordnet; ordnete; ordneten; eingeordnet; einordnung; zugeordnet; hochgestuft; herabgestuft; zurückgestuft; abgestuft; heraufgestuft; verschoben; verschiebt; aufgenommen; aufgeteilt;
		aufteilen; teilen; teilt; unterteilt; eingeteilt; rückt; aufgestiegen; aufsteigen; abgestiegen; landet; fallen; fällt; aufheb*; aufgehoben;
		widerruf*; rücknahme; zurückgenommen; zurücknehmen; abgeschafft; abschaffung; abschaffen; ersetzt; ersetzen; ersatzregel*; neuregelung*; gekippt; kippt;
		kippen; nicht durchsetzen; eingeführt; einführen; führt ein; erlassen; erlässt; vorgestellt; beschlossen; gestrichen;
		aufgenommen in die ländergruppe; suspend*; set aside; verhängt; verhängte; verhängen; beendet; beenden; imposed; imposes; ended; ends; lifted; lifts`,
	kQuotaTerm: `quota; quotas; cap; caps; capped; compute cap*; country cap*; allocation*; ceiling; ceilings; volume limit*; limit on the number;
		export quota*; chip quota*; import quota*; quote; quoten; exportquote*; ki exportquote*; länderquote*; chipquote*; obergrenze*; länderobergrenze*;
		kontingent*; deckel; gedeckelt; deckelung; höchstmenge*; begrenzte menge; mengenbegrenzung*; mengenbeschränkung*; mengenlimit*;
		threshold*; schwellenwert*; grenzwert*; begrenzten menge; begrenzter menge; begrenzte zahl; begrenzten zahl; begrenzter zahl; begrenzte anzahl; begrenzten anzahl; begrenzter anzahl; limited number; limited quantity; limited quantities; limited amount; import limit*; import cap*; importlimit*; importobergrenze*; import ceiling*;
		limit how many; limits how many; limiting how many; cap how many; caps how many; capping how many; limit the number; limits the number;
		limiting the number; how many chips; how many ai chips; how many gpus; how many advanced chips; how much computing power; how much compute;
		number of chips; number of ai chips; number of gpus; number of advanced chips; amount of computing power; amount of compute;
		limits on computing power; limits on the computing power; limit computing power; limit the computing power; export caps; export cap;
		chip caps; chip cap; chip limits; country limits; national caps; mengenbegrenz*; volumenbegrenz*; wie viele chips; wie viele ki chips;
		wie viele grafikprozessoren; menge an chips; menge an ki chips; menge der chips; anzahl der chips; anzahl an chips; rechenleistung begrenz*;
		begrenzte rechenleistung; begrenzung der rechenleistung; volume based; volumenbasiert*; mengenbasiert*`,
	kQuotaStrong: `total processing performance; =TPP; gesamtrechenleistung; h100 equivalent*; h100 äquivalent*; h100 equivalents; license exception aia;
		license exception lpp; license exception acm; license exception aca; license exception nac; license exception hbm; low processing performance;
		advanced compute manufacturing; artificial intelligence authorization; validated end user*; verified end user*; =VEU; =VEUs; =UVEU; =NVEU;
		universal veu; national veu; data center veu; veu status; veu program*; veu authorization*; validierte endnutzer; verifizierte endnutzer;
		validierter endnutzer; verifizierter endnutzer; validierten endnutzer*; verifizierten endnutzer*; validierte endverwender; verifizierte endverwender;
		4e091; model weights; modellgewichte*; 10^26; lizenzausnahme lpp; lizenzausnahme aia;
		license exceptions aia; license exceptions lpp; license exceptions aca; license exceptions nac; license exceptions acm; licence exception aia; licence exception lpp; licence exception aca; licence exception nac; advanced computing authorized; notified advanced computing; validierter endverwender; validierten endverwender; verifizierter endverwender; verifizierten endverwender; validierter endnutzer; verifizierter endnutzer; validierten endnutzern; validierten endverwendern; validated end users; veu authorizations; veu waiver*; veu genehmigung*`,
	kChipCtx: `chip; chips; gpu; gpus; hochleistungschips; spitzenchips; ki prozessoren; chipmaking; chipmaschinen; =AI; artificial intelligence; künstliche intelligenz; =KI; ki chip*; ki chips; advanced computing; h100*; h200*; =H20;
		nvidia; amd; data center*; datacenter*; rechenzentr*; halbleiter*; semiconductor*; grafikprozessor*; accelerator*; beschleuniger*; compute;
		rechenleistung; blackwell; ai chip*; computing power; processing performance; supercomput*; chipregel*; chip regel*`,
	kUnit: `gpus; chips; tpp; hochleistungschips; spitzenchips; h100s; h100 equivalents; h100 equivalent; h100 äquivalente; grafikprozessoren; prozessoren; ki chips; ai chips; h100 chips;
		accelerators; beschleuniger; chips pro jahr; chips per year; advanced chips; h200s; h20s; einheiten; units; processors; ai processors`,
	kOtherStrong: `eccn*; export control classification number*; commerce control list; foreign direct product*;
		foreign produced direct product*; =FDP; =FDPR; direct product rule; affiliates rule; affiliate rule; 50 percent rule;
		50% rule; 50 prozent regel; end use control*; end user control*; military end use*; military end user*;
		license exception*; licence exception*; wassenaar; australia group; missile technology control regime; nuclear suppliers group;
		temporary denial order*; denial order*; antiboycott; export control reform act; exportkontrollvorschrift*;
		genehmigungspflichtig*; lizenzpflichtig*;
		us exportkontrollvorschriften; ausfuhrkontroll*; lizenzpflicht*; genehmigungspflicht*; regel für ausländische direktprodukte; doppeltem verwendungszweck;
		end use check*; lizenzausnahme*; lizenzen für den export; lizenz für den export; genehmigung für den export; genehmigungen für den export;
		sondergenehmigung*; temporary general license*; temporary general licence*;
		denying export privileges; denial of export privileges; export privileges; exportprivilegien; denied person*; 50% owned; 50 percent owned; 50 per cent owned; 50 prozent gehören; mindestens 50 prozent; majority owned; affiliates of blacklisted; affiliates of listed; affiliates of entities; affiliates of certain listed; strategic trade permit*; end user list`,
	kOtherWeak: `nonproliferation measures; nonproliferation act; international traffic in arms regulations; =ITAR; munitions list; =USML; export control; export controls; export licenc*; revoked export licen*; revoke export licen*; revokes export licen*; exportkontrolle; exportkontrollen; exportbeschränkung*; ausfuhrbeschränkung*; exportverbot*; ausfuhrverbot*; exportstopp*; ausfuhrstopp*;
		export ban*; export restriction*; embargo; embargos; embargoes; waffenembargo*; rüstungsembargo*; handelsembargo*; exportembargo*; arms embargo; arms embargoes; sanctions; sanktionen; sanktionier*; sanktionsstufe*; finanzsanktion*; wirtschaftssanktion*; handelssanktion*; export licens*; exportlizenz*; exportgenehmigung*; ausfuhrgenehmigung*; controls on exports;
		curbs; export curbs; chip curbs; restrict shipments; restrict exports; restrict sales; restrictions on exports; restrictions on shipments; sanction*; revoked a licen*; revoke* licen*;
		licence revocation; license revocation; export permit*; licence to ship; license to ship; licence to export; license to export;
		export controls list; export control list; exportregeln; exportregel; exportkontrollregel*; ausfuhrregel*;
		banned exports; bans exports; ban exports; banning exports; ban on exports; bans the export; banned the export; ban the export; prohibits exports; prohibited exports; licences to sell; licenses to sell; license to sell; licence to sell; licences to ship; licenses to ship; sanctions package*; sanktionspaket*; eine lizenz; eine genehmigung; einzelgenehmigung*; need a licen*; needs a licen*; need licen*; brauchen künftig eine; exportgenehmigung*;
		require licenses; require licences; requires licenses; requires licences; required licenses; ausnahmelizenz*; ausnahmegenehmigung*; ausnahmeregelung*; sonderlizenz*; aufschub; ausnahme für; ausnahme vom; ausnahmen für`,
	kChange: `amend*; sanctioned; revoked; revoke; revokes; granted; grants; grant; granting; erteilt; erteilen; genehmigt; approved; bewilligt; revoked; widerrufen; entzogen; imposes; imposed; imposing; impose; imposition; expand*; adds; adding; added; revis*; announc*; issues; issued; publishes; published; tighten*;
		verschärf*; erlässt; erlassen; kündigt; angekündigt; verkündet; verkündete; verkündeten; verhängt*; verhängen; final rule; interim final rule; proposed rule; proposes; propose*; extends;
		extending; extension; rescind*; removes; removing; removed; clarif*; klargestellt; stellte klar; stellt klar; correct*; implement*; establish*; seeks comment*; request* comment*; public comment*;
		seeking public comment*; requests public comment*; briefing; conference; delays; delay*; streamlin*; easing; eases; eased; liberaliz*; restrict*;
		beschränkt; beschränken; ausgeweitet; ausweit*; einführ*; eingeführt; aufgehoben; lockert; lockern; gelockert; lockerung; aufzuheben; straft; übernimmt; übernehmen; übernommen; übernahm; create*; maintains controls;
		proposed controls; new controls; neue regel*; neuen regel*; neue exportkontrollen; neue beschränkungen; neue us; neuen us; new u.s; new us; controls on; kontrollen für; advance notice;
		ordered; orders; denies; denied; denying; renew*; suspend*; pause*; adopted; adopts; adopt; verabschiedet; beschließt; beschlossen; ausgesetzt; setzt aus;
		belegt; belegen; überzieht; überziehen; beschließen; beschloss; einigen sich; einigt sich; einigte sich; einigten sich; geeinigt; verabschieden; sanktioniert; sanktionieren; sanktionierte;
		neue sanktionen; neuen sanktionen; neues sanktionspaket; neue russland sanktionen; neuen russland sanktionen;
		bans; banned; banning; verbietet; untersagt; effective immediately; with immediate effect; takes effect; take effect; tritt in kraft; treten in kraft; now require*; ab sofort; künftig; zukünftig; will need; will now need; will require; will now require`,
	kDest: `destination of; destinations of; under the destination; under the destinations; following destinations; (under; listed under;
		entry under; entries under; entity under; entities under; persons under; person under; parties under; destinations:; destinationen:;
		unter dem ziel; unter den zielen; unter dem bestimmungsland`,
	kAllied: `ally; allies; allied; partner; partners; partnerländer; verbündete*; tier 1; tier one; kategorie 1; stufe 1; five eyes`,
	kExportCtx: `export*; ausfuhr*; reexport*; re export*; eccn*; entity list; commerce control list; wassenaar; dual use; exportkontroll*;
		rüstungsexport*; waffenexport*; rüstungsausfuhr*; waffenausfuhr*; finanzsanktion*; wirtschaftssanktion*; handelssanktion*; waffenembargo*; rüstungsembargo*; arms embargo; arms embargoes;
		us exportkontroll*; chip exports; chipexport*; blacklist*; schwarze liste; schwarzen liste; sanctions list; sanktionsliste*; licence to ship;
		license to ship; entity liste; entitätenliste*; unreliable entity*; unverified list; mofcom; restrict shipments; restrictions on shipments;
		revoked a licen*; revoke* licen*; chip curbs; export curbs; =EAR; export administration regulations; bureau of industry and security;
		sanction; sanctions; sanctioned; sanctioning; sanktion*; export privileges; end user list; strategic trade permit*;
		licences to sell; licenses to sell; licence to sell; license to sell; lieferungen; lieferung; lieferverbot*; lieferstopp*; lieferbeschränkung*; shipments; shipment`,
	kOtherGeneric: `de minimis rule; de minimis provision*; due diligence; bona fides; dual use; licensing requirement*;
		license requirement*; licence requirement*; require a license; require a licence; requires a license; requires a licence; required a license;
		permit requirement*; require a permit; requires a permit; require permits; issued guidance; issues guidance; new guidance; guidance warning; guidance on; 50 %;
		announced guidance; published guidance; guidance documents; richtlinien veröffentlicht; leitlinien veröffentlicht; richtlinien herausgegeben;
		neue richtlinien; neue leitlinien`,
	kAllowance: `allowed to import; allowed to buy; allowed to receive; may import; could receive; can import; would receive; will receive; up to;
		limited to; capped at; no more than; at most; bis zu; höchstens; dürfen; darf; importieren dürfen; begrenzt auf; maximal; erhalten dürfen;
		can buy; could buy; may buy; can purchase; could purchase; may purchase; can acquire; can obtain; can sell to; could sell to; may sell to;
		kaufen dürfen; kaufen können; erwerben dürfen; erwerben können; beziehen dürfen; beziehen können; how many; wie viele`,
	kRescind: `rescind*; rescission; zurückgezogen; zurückziehen; zurückzuziehen; zurückzunehmen; aufzuheben; repeal*; revoke the; withdraw the; withdrawn; withdrew; withdraws; halts; halted; will not enforce; not be enforced; not enforce; aufheb*; aufgehoben; abgeschafft; gekippt; kippt; kippen; scrap*; zurückgenommen`,
	kExcept:  `other than; except; excluding; excluded; exclusion of; not in; with the exception of; außer; ausgenommen; mit ausnahme; excepting`,
	kMeeting: `technical advisory committee; technical advisory committees; advisory committees; information collection; information collections;
		paperwork reduction act; comment request; notice of recruitment; recruitment of members; technical advisory committee; notice of partially closed meeting; notice of open meeting; notice of closed meeting; partially closed meeting; president's export council; export council`,
	kEnforcement: `civil penalty; civil penalties; criminal penalty; to settle; settle alleged; settled; settlement agreement; pleaded guilty; plead guilty; pleads guilty; agreed to pay; geldstrafe; bußgeld; schuldig bekannt`,
	kForeignAuth: `trade ministry; commerce ministry; ministry of commerce; ministry of economy; wirtschaftsministerium*; handelsministerium in peking; =METI; =MOFCOM; dutch government; niederländische regierung; japanese government; japanische regierung; international trade administration; government said; regierung in den haag; den haag`,
	kTierPlace:   `barred; effectively barred; excluded; shut out; remain restricted; remain subject; ausgeschlossen; bleiben gesperrt`,
	kConj:        `after; nachdem; weil; because; since; once; sobald; falls; unless; whether; ob; wann`,
	kLift: `lift; lifts; lifted; lifting; ease; eases; eased; easing; loosen*; relax*; scrap*; scraps; removed; removes; removing; no longer; nicht mehr;
		aufheb*; aufzuheben; aufgehoben; hebt; heben; lockert; gelockert; lockern; lockerung; moved out of; moves out of; moving out of; taken out of; herausgenommen`,
	kRestrNoun: `restrictions; restriction; limits; caps; curbs; quota; quotas; ceilings; beschränkungen; beschränkung; obergrenzen; obergrenze; begrenzungen;
		einschränkungen; kontingente; kontingent; auflagen; tier 2; tier two; second tier; tier ii; kategorie 2; zweite kategorie; zweiten kategorie;
		stufe 2; zweite stufe; zweiten stufe; tier 2 land; second group; zweiten gruppe; zweite gruppe`,
	kRestrictVerb: `stoppen; stoppt; gestoppt; verbieten; verbietet; untersagen; untersagt; beschränken; beschränkt; einschränken; schränkt;
		blockieren; blockiert; unterbinden; unterbindet; halts; halted; bans; banned; blocks; blocked; restrict; restricts;
		curbed; curb; curbs; curbing; halt; halting; stop; stopping; stops; stopped; prohibit; prohibits; prohibited; cut off; cuts off; verschärft; verschärfen; tighten; tightens; tightened;
		erschweren; erschwert; erschwerte; erschwerten`,
	kLimitVerb: `limit; limits; limiting; cap; caps; capping; begrenzen; begrenzt; begrenzung; limitieren; limitiert; deckeln; deckelt`,
	kListRef:   `die liste; der liste; diese liste; dieser liste; die schwarze liste; the list; that list; this list`,
	kOffDomain: `clean air act; sanctions clock; sanction clock; offset sanction*; highway sanction*; state implementation plan*; nonattainment;
		import permit*; plant pest*; animal and plant health; fish and wildlife; endangered species; food and drug administration; medical device*;
		securities and exchange commission; federal aviation administration; airworthiness; nuclear regulatory commission; pesticide*;
		tariff rate quota*; harmonized tariff schedule; fishery; fisheries; catch limit*; environmental protection agency; emission*; medicare; medicaid;
		uyghur forced labor prevention act; =UFLPA; forced labor enforcement task force; department of homeland security`,
	kCitesOther: `concurrently with; publishes concurrently; published concurrently; elsewhere in this issue; in this issue of the federal register;
		in the same issue; separate rule; separate final rule; separate interim final rule; companion rule; companion final rule;
		companion interim final rule; companion document; related rule; related final rule; published simultaneously; simultaneously published;
		simultaneously with`,
	// How an agency speaks of its own document in the Federal Register;
	// press quotes them rarely (11 of 1,150 press documents of the corpus,
	// against 172 of 197 BIS Federal Register documents).
	kAgencyVoice: `this rule; this final rule; this interim final rule; this proposed rule; this direct final rule; this notice; this document;
		this action; this order; we are amending; we are adding; (bis) is amending; (bis) amends; (bis) is adding; (bis) adds; (bis) is removing;
		(bis) is revising; is amending the export administration regulations; amends the export administration regulations; is amending the ear;
		amends the ear; cfr part; 15 cfr; in the matter of; order denying; order temporarily denying; temporary denial order`,
	kHistYear: `years ago; last year; back in; earlier this year; vor jahren; vor einem jahr; vor zwei jahren; vor drei jahren; vergangenen jahr;
		letzten jahr; im vorjahr; previously; zuvor; since then; seitdem; seither; in den vergangenen; in den letzten; in recent years; over the years;
		over the past; in the past; vergangenen monaten; vergangenen jahren; letzten jahren`,
}
