// Labelled sentences for the language tests, written for this project: made-up news headlines
// (short) and headlines with a lede (long), per language. None is copied from a data set.

export const HEADLINES: Record<string, string[]> = {
  de: [
    "Bundesregierung beschließt neues Gesetz zur Rente",
    "Schwere Unwetter sorgen für Überschwemmungen in Bayern",
    "Polizei nimmt mutmaßlichen Täter nach Überfall in Köln fest",
    "Die Inflation ist im Oktober wieder leicht gestiegen",
    "Streik bei der Bahn: Tausende Pendler müssen warten",
    "Nach dem Brand in der Fabrik ermittelt die Staatsanwaltschaft",
    "Zahl der Arbeitslosen sinkt auf den tiefsten Stand seit Jahren",
    "Kanzler trifft sich mit den Ministerpräsidenten der Länder",
  ],
  es: [
    "El Gobierno aprueba una nueva ley de vivienda",
    "Fuertes lluvias provocan inundaciones en el sur de España",
    "La policía detiene a dos hombres por el robo de un banco",
    "Los precios de la luz vuelven a subir este invierno",
    "Miles de personas se manifiestan en Madrid contra los recortes",
    "El incendio forestal obliga a evacuar a cientos de vecinos",
    "El paro baja a su nivel más bajo desde hace una década",
    "Los sindicatos convocan una huelga general para el jueves",
  ],
  fr: [
    "Le gouvernement présente son projet de réforme des retraites",
    "De violents orages provoquent des inondations dans le sud",
    "La police arrête un suspect après une attaque à Lyon",
    "Les prix de l'énergie continuent d'augmenter cet hiver",
    "Des milliers de manifestants défilent contre la loi à Paris",
    "Un incendie ravage une usine près de la frontière belge",
    "Le chômage recule pour le troisième trimestre consécutif",
    "Les syndicats appellent à une nouvelle journée de grève",
  ],
  it: [
    "Il governo approva la nuova legge sul lavoro",
    "Forti piogge causano alluvioni nel nord del paese",
    "La polizia arresta due uomini dopo la rapina in banca",
    "I prezzi del gas continuano a salire questo inverno",
    "Migliaia di persone in piazza a Roma contro i tagli",
    "Un incendio distrugge una fabbrica vicino a Milano",
    "La disoccupazione scende al livello più basso degli ultimi anni",
    "I sindacati proclamano uno sciopero generale per venerdì",
  ],
  pt: [
    "O governo aprova uma nova lei sobre a habitação",
    "Chuvas fortes provocam cheias no norte do país",
    "A polícia prendeu dois homens depois do assalto ao banco",
    "Os preços da eletricidade voltam a subir este inverno",
    "Milhares de pessoas protestam em Lisboa contra os cortes",
    "Um incêndio destrói uma fábrica perto do Porto",
    "O desemprego desce para o nível mais baixo em dez anos",
    "Os sindicatos convocam uma greve geral para quinta-feira",
  ],
  nl: [
    "Het kabinet presenteert een nieuw plan voor de woningmarkt",
    "Zware regenval zorgt voor overstromingen in het zuiden",
    "De politie heeft twee verdachten aangehouden na de overval",
    "De prijzen van energie stijgen deze winter opnieuw",
    "Duizenden mensen demonstreren in Amsterdam tegen de bezuinigingen",
    "Grote brand verwoest een fabriek bij de grens met België",
    "De werkloosheid daalt naar het laagste niveau in jaren",
    "Vakbonden kondigen een landelijke staking aan voor donderdag",
  ],
  sv: [
    "Regeringen lägger fram ett nytt förslag om pensionerna",
    "Kraftiga regn orsakar översvämningar i norra Sverige",
    "Polisen har gripit två män efter rånet mot banken",
    "Elpriserna fortsätter att stiga i vinter",
    "Tusentals människor demonstrerar i Stockholm mot nedskärningarna",
    "En brand förstörde en fabrik nära den norska gränsen",
    "Arbetslösheten sjunker till den lägsta nivån på flera år",
    "Facket varslar om strejk på torsdag",
  ],
  ru: [
    "Правительство одобрило новый закон о пенсиях",
    "Сильные дожди вызвали наводнения на юге страны",
    "Полиция задержала двух подозреваемых после ограбления банка",
    "Цены на электричество снова растут этой зимой",
    "Тысячи человек вышли на митинг в Москве",
    "Пожар уничтожил завод недалеко от границы",
    "Безработица снизилась до минимального уровня за десять лет",
    "Профсоюзы объявили всеобщую забастовку в четверг",
  ],
  en: [
    "Government approves new law on pensions",
    "Heavy rain causes flooding across the south of the country",
    "Police arrest two men after bank robbery",
    "Electricity prices keep rising this winter",
    "Thousands march in London against spending cuts",
    "Fire destroys factory near the border",
    "Unemployment falls to its lowest level in a decade",
    "Unions call a general strike for Thursday",
  ],
};

/** Headlines with a lede: longer texts, where a detector has more to go on. */
export const LEDES: Record<string, string[]> = {
  de: [
    "Hochwasser in Sachsen: Pegel steigen weiter. Nach tagelangen Regenfällen sind in mehreren Orten die Flüsse über die Ufer getreten, die Feuerwehr ist mit Hunderten Kräften im Einsatz.",
  ],
  es: [
    "Tormenta en Valencia: cortes de luz en toda la ciudad. Las fuertes lluvias de la noche dejaron sin electricidad a miles de hogares y el ayuntamiento pidió a los vecinos que no salgan de casa.",
  ],
  fr: [
    "Tempête en Bretagne : des milliers de foyers privés d'électricité. Les rafales ont dépassé 130 km/h dans la nuit et les équipes travaillent depuis l'aube pour rétablir le courant.",
  ],
  it: [
    "Maltempo in Liguria, strade chiuse e scuole sospese. Le piogge della notte hanno provocato frane in diversi comuni e la protezione civile ha chiesto ai cittadini di restare a casa.",
  ],
  pt: [
    "Tempestade no Algarve deixa milhares sem luz. Os ventos fortes da noite derrubaram árvores e postes em vários concelhos e a proteção civil pediu às pessoas que fiquem em casa.",
  ],
  nl: [
    "Storm in Zeeland: duizenden huishoudens zonder stroom. Door de harde wind zijn in de nacht bomen omgewaaid en liggen er kabels op straat, meldt de netbeheerder.",
  ],
  sv: [
    "Storm i Skåne: tusentals hushåll utan ström. Under natten blåste träd omkull och elledningar skadades, och reparatörerna arbetar nu för att få tillbaka strömmen.",
  ],
  ru: [
    "Ураган на Дальнем Востоке: тысячи домов без света. Сильный ветер ночью повалил деревья и повредил линии электропередачи, аварийные бригады работают с утра.",
  ],
  en: [
    "Storm leaves thousands without power in Cornwall. Strong winds overnight brought down trees and power lines across the county, and engineers have been working since dawn to restore supplies.",
  ],
};

/** Text in scripts that name their language. */
export const SCRIPTS: [string, string][] = [
  ["el", "Ισχυρός σεισμός έπληξε την Κρήτη τα ξημερώματα"],
  ["he", "רעידת אדמה חזקה הורגשה הבוקר בצפון הארץ"],
  ["th", "น้ำท่วมหนักในภาคเหนือ ประชาชนหลายพันคนต้องอพยพ"],
  ["ko", "서울에서 대규모 집회가 열렸다"],
  ["ja", "東京で大規模なデモが行われました"],
  ["zh", "北京发生强烈地震 数千人被疏散"],
  ["hi", "उत्तर भारत में भारी बारिश से बाढ़ का खतरा"],
  ["uk", "Уряд ухвалив новий закон про пенсії"],
  [
    "bg",
    "Правителството прие нов закон за пенсиите, който ще влезе в сила през януари, съобщиха от министерството, което се занимава с това",
  ],
  ["ar", "زلزال قوي يضرب شمال البلاد صباح اليوم"],
];

/** Short English titles a detector may misread: they must stay English. */
export const SHORT_ENGLISH = [
  "Merkel in Paris",
  "Real Madrid 2-1 Barcelona",
  "Putin meets Erdogan",
  "Nato summit live",
  "Macron: no deal",
  "Apple unveils iPhone",
  "Tour de France: stage 5",
  "Samsung Galaxy S5 review",
  "Coca-Cola profits rise",
  "Pope Francis in Rio",
];

/**
 * Two stories per language, each told by several outlets in their own words: singular and plural
 * of the same nouns, other verb forms ("Überschwemmung", "Überschwemmungen"; "huelga", "huelgas").
 */
export const STORIES: Record<string, Record<string, [string, string][]>> = {
  de: {
    flood: [
      [
        "Überschwemmungen in Sachsen: Elbe erreicht neuen Höchststand",
        "Die Pegel der Elbe sind in der Nacht weiter gestiegen, in Dresden wurden die ersten Straßen gesperrt.",
      ],
      [
        "Überschwemmung in Dresden: Pegel der Elbe steigt weiter",
        "Nach tagelangem Regen steigt die Elbe in Dresden weiter, die Stadt sperrt Straßen am Ufer.",
      ],
      [
        "Hochwasser: Dresden sperrt Straßen an der Elbe",
        "Wegen der Überschwemmungen an der Elbe hat die Stadt Dresden mehrere Straßen gesperrt, der Pegel steigt.",
      ],
      [
        "Elbe-Hochwasser in Sachsen: Pegel in Dresden steigt über sieben Meter",
        "Die Überschwemmung in Sachsen weitet sich aus, der Elbpegel in Dresden liegt über sieben Metern.",
      ],
    ],
    strike: [
      [
        "Streik bei der Bahn: Lokführer legen Fernverkehr lahm",
        "Die Gewerkschaft der Lokführer hat zu einem Streik im Fernverkehr aufgerufen, Tausende Züge fallen aus.",
      ],
      [
        "Bahnstreik: Tausende Züge fallen aus",
        "Wegen des Streiks der Lokführer fallen im Fernverkehr der Bahn Tausende Verbindungen aus.",
      ],
      [
        "Lokführer streiken: Fernverkehr der Bahn steht still",
        "Die Lokführer streiken seit dem Morgen, der Fernverkehr der Bahn steht bundesweit still.",
      ],
    ],
  },
  es: {
    fire: [
      [
        "Un incendio forestal obliga a evacuar a cientos de vecinos en Valencia",
        "Las llamas avanzan sin control por el monte y los bomberos han evacuado a los vecinos de tres pueblos.",
      ],
      [
        "Incendios en Valencia: evacuados los vecinos de tres pueblos",
        "Los bomberos luchan contra el incendio forestal que ha obligado a evacuar a cientos de vecinos en Valencia.",
      ],
      [
        "El incendio de Valencia sigue sin control y obliga a nuevas evacuaciones",
        "Los bomberos no logran controlar el incendio forestal y los vecinos de otro pueblo han sido evacuados.",
      ],
      [
        "Cientos de evacuados por un incendio forestal en Valencia",
        "El fuego avanza por el monte de Valencia y obliga a la evacuación de los vecinos de varios pueblos.",
      ],
    ],
    strike: [
      [
        "Huelga general: los sindicatos paralizan el transporte en Madrid",
        "La huelga convocada por los sindicatos ha dejado sin metro ni autobuses a miles de trabajadores en Madrid.",
      ],
      [
        "Las huelgas de transporte paralizan Madrid",
        "Los sindicatos mantienen la huelga del transporte y el metro de Madrid funciona con servicios mínimos.",
      ],
      [
        "Madrid sin metro ni autobuses por la huelga de los sindicatos",
        "Miles de trabajadores no pueden llegar a su trabajo por la huelga general del transporte en Madrid.",
      ],
    ],
  },
};
