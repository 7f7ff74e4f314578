// The event kinds of the synthetic stream, as text: each kind has synonym sets ("~ slot = a|b|c", one pick per use) and event choices ("! slot = a|b", one pick per event),
// title templates ("T"), lede sentences ("L"), follow-up titles for later developments of a
// running story ("F") and detail sentences ("M"). "{slot}" is a synonym set of the kind or one of
// the event's facts (people, places, organisations, numbers: see synthetic.ts). The header line
// "# name domain weight" names the kind, its domain (for quotes) and how often it happens: a rough
// guess at relative real-world frequency (a council vote or a football match every day in many
// places, a volcanic eruption or a central-bank decision rarely).

export interface Kind {
  name: string;
  domain: string;
  weight: number;
  syn: Record<string, string[]>;
  /** Choices made once per event (the kind of building, the disease), not per outlet. */
  facts: Record<string, string[]>;
  titles: string[];
  ledes: string[];
  follows: string[];
  more: string[];
}

/** Parses the kinds text below (once, at import). */
function parseKinds(text: string): Kind[] {
  const kinds: Kind[] = [];
  for (const block of text.trim().split(/\n(?=# )/)) {
    const lines = block.split("\n").filter((line) => line.trim() !== "");
    const [name, domain, weight] = lines[0].replace(/^# /, "").split(" ");
    const kind: Kind = {
      name,
      domain,
      weight: Number(weight),
      syn: {},
      facts: {},
      titles: [],
      ledes: [],
      follows: [],
      more: [],
    };
    for (const line of lines.slice(1)) {
      const body = line.slice(2);
      if (line.startsWith("~ ") || line.startsWith("! ")) {
        const [slot, values] = body.split(" = ");
        (line[0] === "~" ? kind.syn : kind.facts)[slot] = values.split("|");
      } else if (line.startsWith("T ")) kind.titles.push(body);
      else if (line.startsWith("L ")) kind.ledes.push(body);
      else if (line.startsWith("F ")) kind.follows.push(body);
      else if (line.startsWith("M ")) kind.more.push(body);
      else throw new Error(`synthetic kinds: bad line ${JSON.stringify(line)}`);
    }
    kinds.push(kind);
  }
  return kinds;
}

export const KINDS: Kind[] = parseKinds(`
# earthquake disaster 0.3
~ quake = earthquake|quake|strong earthquake|tremor
~ hit = hits|strikes|rocks|shakes|jolts
~ dead = dead|killed
T Magnitude {mag} {quake} {hit} {city}, {n} {dead}
T {n} {dead} as {quake} {hit} {country}
T {quake} {hit} near {city}; rescuers search rubble
T Buildings collapse as magnitude {mag} {quake} {hit} {country}'s {city}
L A magnitude {mag} {quake} {hit} {city} in {country} on {day}, killing at least {n} people and toppling buildings.
L At least {n} people were killed when a {quake} {hit} near {city} on {day}, the national disaster agency said.
L Rescue teams in {city} dug through collapsed homes on {day} after a {quake} of magnitude {mag} shook the region.
F Death toll from {city} {quake} rises to {n2}
F Aftershocks rattle {city} as survivors sleep outdoors
F {country} appeals for aid after {quake} leaves {big} homeless
M The quake's epicentre was about {n} km from {city} at a shallow depth, the seismology institute said.
M Some {big} people spent the night in tents and school halls.

# storm disaster 0.4
! storm = Storm|Cyclone|Typhoon|Hurricane
~ batter = batters|lashes|slams|pounds
~ flee = flee|evacuate|leave
T {storm} {stormname} {batter} {city}, thousands {flee}
T {storm} {stormname} makes landfall near {city}
T {n} dead as {storm} {stormname} {batter} {country}
T Power cut to {big} homes as {storm} {stormname} hits {country}
L {storm} {stormname} made landfall near {city} on {day}, bringing winds of {wind} km/h and forcing thousands to {flee} their homes.
L At least {n} people died in {country} as {storm} {stormname} {batter} the coast around {city}, officials said.
L Authorities in {city} ordered residents to {flee} low-lying areas on {day} as {storm} {stormname} approached.
F {storm} {stormname}: death toll rises to {n2}
F Clean-up begins in {city} after {stormname}
F {stormname} weakens as it moves inland from {city}
M Forecasters said {stormname} was carrying gusts of up to {wind} km/h.
M Schools and airports around {city} were closed.

# flood disaster 0.5
~ flood = floods|flash floods
~ swamp = swamp|inundate|submerge|sweep through
T {flood} {swamp} {city}, {n} missing
T {country}: {n} dead in {flood} around {city}
T Rivers burst their banks as {flood} hit {city}
T Thousands stranded by {flood} in {city}
L {flood} {swamp} parts of {city} in {country} on {day}, leaving at least {n} people dead or missing.
L Days of heavy rain caused rivers to burst their banks around {city}, and {big} residents were moved to shelters, officials said.
L Soldiers used boats to rescue families trapped on rooftops in {city} on {day} after {flood} cut off roads.
F Waters recede in {city} as {flood} toll reaches {n2}
F {country} declares emergency over {city} {flood}
M The weather service warned of more rain over the next {m} days.

# wildfire disaster 0.5
~ fire = wildfire|forest fire|bushfire|blaze
~ spread = spreads|rages|grows|advances
T {fire} near {city} {spread}, villages evacuated
T Firefighters battle {fire} outside {city} for a {ord} day
T {country} {fire} burns {big} hectares
T {city} residents flee as {fire} {spread}
L A {fire} near {city} in {country} {spread} on {day}, burning {big} hectares of forest and forcing villages to evacuate.
L Hundreds of firefighters and {n} aircraft fought a {fire} outside {city} for a {ord} day, helped by calmer winds.
L About {big} residents of {city} left their homes on {day} as the {fire} jumped a highway, {official} said.
F {fire} near {city} contained after {m} days
F Arson suspected in {city} {fire}, police say
M Temperatures above {temp} degrees and dry winds fanned the flames.

# train-crash disaster 0.15
~ crash = crash|derailment|collision|accident
! train = train|passenger train|commuter train|freight train
T {train} {crash} near {city} kills {n}
T {n} dead, dozens hurt in {city} {train} {crash}
T {country} {train} {crash}: investigators examine signals
T Two trains collide near {city}
L A {train} derailed near {city} on {day}, killing {n} people and injuring dozens, police said.
L At least {n} people died when two trains collided outside {city} in {country}, the railway operator said.
L Investigators in {country} began examining signals on {day} after the {crash} near {city} that killed {n}.
F {city} {train} {crash}: driver arrested
F Rail minister resigns after {city} {crash}
M The line between {city} and {city2} was closed.

# plane-crash disaster 0.1
~ plane = plane|passenger jet|aircraft|airliner
~ crashes = crashes|goes down|comes down
T {airline} {plane} {crashes} near {city} with {n2} on board
T {airline} flight {flightno} {crashes} after takeoff from {city}
T No survivors found after {plane} {crashes} in {country}
T {plane} carrying {n2} people {crashes} near {city}
L An {airline} {plane} carrying {n2} passengers and crew {crashes} shortly after taking off from {city} on {day}, the airline said.
L Flight {flightno} lost contact with air traffic control {n} minutes after leaving {city}, {country}'s aviation authority said.
L Search teams reached the wreckage of an {airline} {plane} near {city} on {day}.
F Black boxes recovered from {airline} flight {flightno}
F {airline} grounds fleet after {city} {plane} crash
M The {plane} was {n} years old, according to flight tracking data.

# collapse disaster 0.2
! building = building|apartment block|shopping centre|bridge
~ collapse = collapses|caves in|comes down
T {building} {collapse} in {city}, {n} trapped
T {n} killed as {building} {collapse} in {city}
T Rescuers search for survivors after {city} {building} collapse
L A {building} {collapse} in central {city} on {day}, trapping at least {n} people, emergency services said.
L At least {n} people were killed when a {building} in {city} {collapse}, {country}'s civil defence said.
L Rescuers with dogs searched the rubble of a {building} in {city} on {day}; the cause of the collapse was not known.
F Owner of collapsed {city} {building} arrested
F Survivor pulled from {city} rubble after {m} days
M The {building} had been built in {year0}, local media reported.

# factory-fire disaster 0.6
~ fire = fire|blaze|explosion|blast
! factory = factory|chemical plant|warehouse|refinery
T {fire} at {company} {factory} in {city} kills {n}
T {n} dead in {city} {factory} {fire}
T Huge {fire} at {city} {factory}, residents told to stay indoors
T {company} {factory} {fire}: smoke over {city}
L A {fire} tore through a {company} {factory} in {city} on {day}, killing {n} workers, the fire service said.
L Residents of {city} were told to keep windows closed after a {fire} at a {factory} sent black smoke over the city.
L Firefighters took {m} hours to bring the {fire} at the {factory} outside {city} under control.
F {company} suspends work at {city} sites after deadly {fire}
F {fire} at {city} {factory}: safety inspectors had warned in {year0}
M About {big} people work at the site.

# heatwave disaster 0.2
~ heat = heatwave|heat wave|extreme heat
T {heat} grips {country}, {temp} degrees in {city}
T {city} swelters as {heat} breaks records
T {country} issues red alert over {heat}
L Temperatures reached {temp} degrees Celsius in {city} on {day} as a {heat} gripped {country}, the weather service said.
L {country} issued its highest alert for {heat} on {day}, telling people in {city} to stay indoors.
L Hospitals in {city} reported a rise in heatstroke cases as the {heat} entered its {ord} day.
F {heat} in {country} blamed for {n} deaths
M It was the hottest day recorded in {city} since {year0}.

# volcano disaster 0.05
~ erupt = erupts|blows|spews ash
T {volcano} volcano {erupt}, flights cancelled
T Villages near {city} evacuated as {volcano} {erupt}
T Ash from {volcano} closes {city} airport
L The {volcano} volcano near {city} in {country} {erupt} on {day}, sending a column of ash {n} km into the sky.
L Authorities evacuated {big} people from villages around {volcano} after the volcano erupted, {official} said.
L Flights to and from {city} were cancelled on {day} as ash from {volcano} drifted over the airport.
F {volcano} eruption eases, residents allowed home
M {volcano} last erupted in {year0}.

# mine-accident disaster 0.15
! mine = mine|coal mine|gold mine|copper mine
T {n} miners trapped in {miner} {mine} near {city}
T Rescuers race to reach miners in {city} {mine}
T Blast at {country} {mine} kills {n}
L {n} miners were trapped underground after a tunnel collapsed at a {miner} {mine} near {city} on {day}.
L An explosion at a {mine} in {country} killed {n} workers, the {miner} company said.
L Rescue teams drilled toward {n} miners trapped {big} metres below ground near {city}.
F All {n} miners rescued from {city} {mine}
F {miner} under investigation after {mine} disaster
M Union leader {official} said safety complaints had been ignored.

# ferry-sinking disaster 0.15
~ ferry = ferry|boat|passenger ferry|vessel
~ sink = sinks|capsizes|overturns
T {ferry} {sink} off {city}, {n} missing
T {n} dead as overloaded {ferry} {sink} in {country}
T Coast guard searches for survivors after {ferry} {sink}
L A {ferry} carrying about {n2} people {sink} off {city} on {day}, and at least {n} were missing, the coast guard said.
L An overloaded {ferry} {sink} in rough seas near {city}, {country}'s maritime agency said.
L Divers searched the wreck of a {ferry} near {city} on {day}.
F Captain of {city} {ferry} detained
M The {ferry} was licensed for {n} passengers.

# election politics 0.3
~ wins = wins|claims victory in|takes|secures
~ vote = election|vote|presidential race|run-off
~ rival = rival|opponent|challenger
T {pol} {wins} {country} {vote}
T {country} {vote}: {pol} {wins} with {share}% of ballots
T {pol} declared winner of {country}'s {vote} as {rival} concedes
T Voters in {country} hand {party} a {share}% victory
L {pol} of the {party} {wins} the {vote} in {country} with {share} percent of the vote, the electoral commission said on {day}.
L With most ballots counted, {pol} {wins} {country}'s {vote} and {rival} {pol2} conceded defeat.
L {country}'s electoral body said on {day} that {pol} had taken {share} percent in a tight {vote}.
F {pol2} challenges {country} {vote} result in court
F {pol} sworn in as {country} leader
F Observers report irregularities in {country} {vote}
M Turnout was {share} percent, up from the last {vote}.
M {pol2} of the {party2} came second.

# campaign politics 0.6
~ launch = launches|kicks off|opens
T {pol} {launch} {country} campaign in {city}
T {party} picks {pol} to lead {vote} campaign
T Polls tighten in {country} as {pol} and {pol2} trade blows
L {pol} {launch} a campaign to lead {country} at a rally in {city} on {day}, promising to cut {topic} costs.
L The {party} chose {pol} as its candidate for the {vote}, party officials said on {day}.
L A poll published on {day} put {pol} on {share} percent against {share2} for {pol2}.
F {pol} and {pol2} clash in {country} TV debate
M The {vote} is due in {month}.
~ vote = election|presidential election|general election

# resignation politics 0.5
~ resign = resigns|quits|steps down|stands down
! post = minister|finance minister|interior minister|defence minister|health minister
T {country} {post} {pol} {resign}
T {pol} {resign} as {country} {post} over {topic} row
T {country}'s {post} {resign} after {n} months
L {country}'s {post} {pol} {resign} on {day}, {n} months after taking office, amid a row over {topic} policy.
L {pol} said on {day} that they would step down as {post}, saying the government had lost its way on {topic}.
L The resignation of {pol} as {post} leaves the {party} government in {country} without a majority.
F {pol2} named {country} {post} after {pol} quits
M {pol} had been under pressure since reports on {topic} spending.

# no-confidence politics 0.15
~ vote = no-confidence vote|confidence vote|motion of censure
! fate = survives|loses
T {country} government {fate} {vote}
T {pol} {fate} {vote}
T {country} parliament holds {vote} on {pol}'s government
L {country}'s government {fate} a {vote} on {day} by {n} votes, with the {party2} voting against.
L Prime minister {pol} {fate} a {vote} in parliament on {day}, a test of the coalition in {country}.
L Opposition parties in {country} filed a {vote} against {pol}'s government over {topic}.
F {country} president asks {pol2} to form government
M The {party} holds {n2} of the seats.

# bill-passed politics 1
~ pass = passes|approves|adopts|votes through
~ bill = bill|law|reform|package
T {country} parliament {pass} {topic} {bill}
T {topic} {bill} clears {country} parliament after {n}-hour debate
T Lawmakers in {country} {pass} contested {topic} {bill}
T {pol} hails vote on {topic} {bill}
L {country}'s parliament {pass} a {topic} {bill} on {day} by {n2} votes to {n}, after months of debate.
L Lawmakers voted on {day} to approve the government's {topic} {bill}, which {pol} called the biggest change in a generation.
L The {topic} {bill}, backed by the {party}, will take effect in {month}, officials said.
F {party2} vows to repeal {topic} {bill}
F {topic} {bill} challenged in {country} constitutional court
M Critics, including {pol2}, said the {bill} was rushed.

# coalition politics 0.2
~ talks = coalition talks|government talks|negotiations
~ collapse = collapse|break down|stall
T {country} {talks} {collapse}
T {party} and {party2} {talks} {collapse} over {topic}
T {pol} says {country} coalition deal still possible
L {talks} between the {party} and the {party2} in {country} {collapse} on {day} over {topic}.
L The {party} and {party2} had hoped to form a coalition government in {country}, with {pol} as prime minister.
L {pol} said on {day} that {talks} had made progress but differences on {topic} remained.
F {country} coalition deal signed
M {country} has been without a government for {n} weeks.

# scandal politics 0.8
~ scandal = scandal|affair|row
~ deny = denies|rejects|dismisses
T {pol} {deny} wrongdoing in {topic} {scandal}
T Pressure grows on {pol} over {topic} {scandal}
T Leaked messages put {pol} at centre of {topic} {scandal}
L {pol} {deny} any wrongdoing on {day} after reports that their office steered {topic} contracts to a donor.
L Opposition leader {pol2} called for {pol} to resign over a {scandal} involving {topic} contracts.
L Leaked messages published on {day} suggest {pol} knew of the {topic} payments, {media} reported.
F Prosecutors open probe into {pol} {topic} {scandal}
F {pol} aide resigns over {scandal}
M The payments are said to total {small_money}.

# referendum politics 0.1
~ vote = referendum|plebiscite|popular vote
T {country} votes in {topic} {vote}
! result = reject|back
T {country} {vote}: voters {result} {topic} plan
L Voters in {country} went to the polls on {day} in a {vote} on {topic}, with turnout at {share} percent by midday.
L {country} voters {result} the government's {topic} plan in a {vote}, by {share} percent, the electoral commission said.
F {pol} vows to respect {topic} {vote} result
M {pol} had campaigned for a yes vote.

# state-visit politics 0.6
~ visit = visit|state visit|trip|tour
~ meets = meets|holds talks with|sits down with
T {pol} arrives in {country2} for {visit}
T {pol} {meets} {pol2} in {city2}
T {pol} and {pol2} discuss {topic} during {visit}
L {pol} arrived in {city2} on {day} for a {n}-day {visit} to {country2}, the first by a leader of {country} in {m} years.
L {pol} {meets} {pol2} in {city2} on {day}, and the two leaders discussed {topic} and trade.
L During the {visit}, {pol} and {pol2} signed {m} agreements on {topic}, officials said.
F {pol} wraps up {country2} {visit}
M Protesters gathered outside the venue in {city2}.
# airstrike conflict 0.8
~ strike = airstrike|air strike|drone strike|missile strike
~ kill = kills|leaves dead|hits
T {strike} on {city} {kill} {n}
T {n} dead in {strike} on {city} market
T {country} accuses {country2} of {strike} on {city}
T {strike} hits {city} power station
L A {strike} on {city} on {day} killed at least {n} people, including children, local officials said.
L {country} accused {country2} of carrying out the {strike} on {city}, which destroyed a power station and a school.
L Residents of {city} said {m} explosions shook the city before dawn on {day}.
F {city} {strike}: UN calls for investigation
F {country2} denies role in {city} {strike}
M It was the deadliest attack on {city} in {m} months.

# ceasefire conflict 0.2
~ truce = ceasefire|truce|cessation of hostilities
~ agree = agree|accept|sign
T {country} and {country2} {agree} {truce}
T {truce} takes effect in {region} region
T {truce} in {region} holds for a {ord} day
T Mediators in {city} push for {truce}
L {country} and {country2} {agree} a {truce} in the {region} region at talks in {city} on {day}, mediators said.
L A {truce} between {country} and {country2} took effect at midnight, and fighting in {region} stopped, residents said.
L Mediator {pol} said the {truce} would allow aid into {region} and an exchange of {n2} prisoners.
F {truce} violated in {region}, both sides say
F Prisoner swap under {region} {truce}
M Fighting in {region} has displaced {big} people.

# troops conflict 0.3
~ send = sends|deploys|moves
~ troops = troops|soldiers|forces
T {country} {send} {troops} to {country2} border
T {big} {troops} massed near {city}, satellite images show
T {pol} orders {troops} to {region}
L {country} {send} {big} {troops} to its border with {country2} on {day}, its defence ministry said.
L Satellite images show {troops} and armour gathering near {city}, {expert} of the {thinktank} said.
L {pol} ordered {troops} into the {region} region on {day}, saying {country} must protect its citizens there.
F {country2} warns {country} over {troops} build-up
M {country} and {country2} have disputed {region} since {year0}.

# hostage conflict 0.15
~ freed = freed|released|set free
T {n} hostages {freed} in {country}
T Aid workers held in {region} {freed} after {m} months
T {country} secures release of {n} hostages
L {n} hostages held by armed groups in {region} were {freed} on {day} after talks mediated by {country2}, officials said.
L Aid workers kidnapped near {city} {m} months ago were {freed} and flown to {city2}, their employer said.
L The release of {n} hostages in {country} followed weeks of negotiations led by {pol}.
F Freed {region} hostages describe captivity
M Several more are believed to be held.

# sanctions conflict 0.3
~ impose = imposes|announces|slaps
! sanctions = sanctions|penalties|export bans
T {country} {impose} {sanctions} on {country2}
T New {sanctions} target {country2} {topic} sector
T {country2} vows response to {country} {sanctions}
L {country} {impose} {sanctions} on {country2} on {day}, targeting its {topic} sector and {n} officials.
L The new {sanctions} freeze assets of {n} {country2} officials including {pol2}, {pol} said.
L {country2} said it would respond to the {sanctions}, calling them an attack on its economy.
F {country2} retaliates with {sanctions} on {country}
M The measures take effect in {month}.

# takeover business 1
~ buy = to buy|agrees to acquire|to take over|strikes deal for
~ deal = deal|takeover|acquisition|merger
T {company} {buy} {company2} for {money}
T {company} and {company2} agree {money} {deal}
T {money} {deal}: {company} {buy} rival {company2}
T {company2} shares jump on {company} {deal}
L {company} said on {day} it had agreed to buy {company2} for about {money}, the biggest {deal} in the sector this year.
L Shares of {company2} rose {pct}% after {company} announced a {money} {deal}, chief executive {exec} said.
L In a {money} {deal} announced on {day}, {company} will absorb {company2}, pending approval by regulators in {country}.
F Regulators open probe into {company} {deal} for {company2}
F {company2} board backs {company} offer
F {company} {deal} for {company2} collapses
M {exec} said the combined firm would have {big} employees.

# earnings business 2
~ profit = profit|earnings|net income
~ beat = beats forecasts|tops estimates|beats estimates
T {company} {profit} {beat}
T {company} quarterly {profit} up {pct}%
T {company} shares rise as {profit} climbs {pct}%
T {company} raises outlook after strong quarter
L {company} reported quarterly {profit} of {money} on {day}, up {pct} percent from a year earlier, and {beat}.
L {company} shares rose {pct}% on {day} after the firm said {profit} grew on strong demand in {country}.
L Chief executive {exec} said {company} expects sales growth of {pct} percent this year.
M Revenue rose to {money}.

# layoffs business 1
~ cut = to cut|will cut|plans to cut|axes
~ jobs = jobs|positions|roles
T {company} {cut} {big} {jobs}
T {company} to close {city} plant, {big} {jobs} lost
T {big} {jobs} go as {company} restructures
L {company} said on {day} it {cut} {big} {jobs}, about {pct} percent of its workforce, as demand slows.
L {company} will close its plant in {city} by {month}, putting {big} {jobs} at risk, union official {official} said.
L The job cuts at {company} are part of a plan to save {money} a year, chief executive {exec} said.
F Unions at {company} call strike over job cuts
M Shares in {company} rose {pct}% on the news.

# strike-action business 1
~ strike = strike|walkout|industrial action|stoppage
~ workers = workers|staff|employees|union members
T {company} {workers} begin {n}-day {strike}
T {strike} at {company} halts production in {city}
T {city}: {company} {strike} enters {ord} day
T Union calls {strike} at {company} over pay
L Thousands of {company} {workers} in {city} began a {n}-day {strike} on {day} over pay, union leader {official} said.
L A {strike} by {workers} at {company} halted production in {city} on {day}, as pay talks stalled.
L {workers} at {company} walked out on {day} demanding a {pct} percent raise.
F {company} and unions reach pay deal, ending {strike}
F {strike} at {company} spreads to {city2}
M The union says pay has fallen behind inflation.

# bankruptcy business 0.6
~ files = files for bankruptcy|collapses|goes bust|enters administration
T {company} {files}
T {company} {files} with {money} debt
T {big} jobs at risk as {company} {files}
L {company} {files} on {day}, citing debts of {money} and falling sales, the company said.
L {company}, which employs {big} people in {country}, {files} after talks with lenders failed.
L Administrators said on {day} that {company} stores in {city} would stay open for now.
F Buyer sought for collapsed {company}
M The company was founded in {year0} in {city}.

# ipo business 0.4
~ ipo = IPO|stock market debut|listing|flotation
T {tech} shares soar in {ipo}
T {tech} prices {ipo} at {money} valuation
T {tech} {ipo} raises {money}
L Shares of {tech} rose {pct}% in their {ipo} on {day}, valuing the company at {money}.
L {tech} raised {money} in its {ipo}, one of the largest this year, founder {exec} said.
L Investors piled into the {ipo} of {tech}, which makes software for {topic} firms.
M {tech} was founded by {exec} in {year0}.

# rate-decision business 0.15
! move = raises|cuts
! cb = central bank|Reserve Bank|National Bank
T {country} {cb} {move} rates to {rate}%
T {country} {cb} {move} interest rates by a quarter point
T {country} rate decision: {cb} {move} borrowing costs
L {country}'s {cb} {move} its benchmark interest rate to {rate} percent on {day}, citing the path of inflation.
L The {cb} of {country} {move} its key rate by a quarter point to {rate} percent, governor {official} said.
L Governor {official} said on {day} the {cb} would watch prices closely after the decision.
M Inflation in {country} was {pct} percent last month.

# regulator-fine business 0.6
~ fine = fines|penalises|hits with fine|orders to pay
T {country} regulator {fine} {company} {money}
T {company} {fine} {money} over {topic} breaches
T {company} to appeal {money} fine
L {country}'s competition regulator {fine} {company} {money} on {day} for abusing its position in the {topic} market.
L {company} was ordered to pay {money} after regulators found it broke {topic} rules, the authority said.
L {company} said it would appeal the {money} fine, calling it unjustified.
M It is the largest fine the regulator has imposed.

# markets business 0.3
~ fall = fall|tumble|slide|drop
~ index = stocks|shares|markets
T {country} {index} {fall} as {topic} fears grow
T {topic} fears hit {country} {index}
L {country} {index} fell {pct}% on {day} as investors worried about {topic}, with banks leading losses.
L Shares of {company} and {bank} led losses on {day} as {country} {index} had their worst day in {m} months.
M The currency weakened against the dollar.

# oil-deal business 0.3
~ sign = signs|agrees|strikes
T {energy} {sign} {money} gas deal with {country2}
T {energy} to build {money} pipeline in {country2}
L {energy} {sign} a {money} deal on {day} to supply gas to {country2} for {n} years, the company said.
L {energy} will build a pipeline from {city} to {city2}, costing {money}, energy minister {pol} said.
M Work is due to start in {month}.

# fraud-charge courts 1
~ charged = charged|indicted
! fraud = fraud|bribery|embezzlement|corruption
T Former {company} chief {exec} {charged} with {fraud}
T {exec} {charged} in {small_money} {fraud} case
T Prosecutors in {city}: {exec} faces {fraud} charges
T Ex-{company} boss {exec} denies {fraud}
L {exec}, the former head of {company}, was {charged} with {fraud} on {day}, prosecutors in {city} said.
L Prosecutors in {city} {charged} {exec} over a {small_money} {fraud} scheme at {company}.
L Lawyers for {exec} said on {day} the former {company} chief would fight the {fraud} charges.
F {exec} {fraud} trial opens in {city}
F {exec} released on bail in {fraud} case
M If convicted, {exec} faces up to {n} years in prison.

# trial-verdict courts 1.5
~ guilty = found guilty|convicted
~ sentenced = sentenced to|jailed for|given
T {suspect} {guilty} of {crime} in {city}
T Jury finds {suspect} guilty in {city} {crime} trial
T {suspect} {sentenced} {n} years for {crime}
L A court in {city} {guilty} {suspect} of {crime} on {day}, after a trial that lasted {m} weeks.
L {suspect}, {age}, was {sentenced} {n} years in prison for {crime}, judge {judge} ruled.
L Judge {judge} told {suspect} the {crime} had devastated the victim's family.
F {suspect} to appeal {crime} verdict
M The prosecution had called {n} witnesses.

# top-court courts 0.3
! court = Supreme Court|Constitutional Court|top court|High Court
~ rules = rules|decides|strikes down|upholds
T {country} {court} {rules} on {topic} law
T {country}'s {court} blocks government {topic} plan
T Landmark {court} ruling on {topic} in {country}
L {country}'s {court} {rules} on {day} that the government's {topic} law violated the constitution.
L In a {n2}-page ruling, the {court} said {country} must change its {topic} rules within {m} months.
L {pol} said the government respected the {court} ruling on {topic} but disagreed with it.
F {country} government to rewrite {topic} law after ruling
M The case was brought by {n} citizens.

# extradition courts 0.3
~ extradited = extradited|handed over|sent back
T {suspect} {extradited} from {country2} to {country}
T {country2} court approves extradition of {suspect}
L {suspect}, wanted in {country} for {crime}, was {extradited} from {country2} on {day}, police said.
L A court in {city2} approved the extradition of {suspect} to {country} to face charges of {crime}.
M {suspect} was arrested in {city2} in {month}.

# lawsuit courts 0.8
~ sues = sues|files lawsuit against|takes to court
T {company} {sues} {company2} over patents
T {company2} {sues} {company} for {money}
L {company} {sues} {company2} in {city} on {day}, accusing its rival of copying {topic} technology.
L {company2} is seeking {money} in damages from {company}, according to court filings.
F Judge throws out most of {company} claims against {company2}
M A hearing is set for {month}.

# shooting crime 1
~ shooting = shooting|gun attack|mass shooting
~ kills = kills|leaves dead|claims
T {shooting} at {city} {venue} {kills} {n}
T {n} dead in {city} {shooting}, gunman at large
T Police name suspect in {city} {shooting}
L A gunman opened fire at a {venue} in {city} on {day}, killing {n} people, police said.
L Police in {city} were searching for a suspect after a {shooting} at a {venue} left {n} dead and {m} wounded.
L Police chief {official} said the {shooting} in {city} did not appear to be terrorism.
F Suspect in {city} {shooting} arrested
F Vigil for victims of {city} {shooting}
M Witnesses described scenes of panic.

# robbery crime 1.5
~ robbery = robbery|heist|raid|theft
T Armed {robbery} at {city} {venue2}
T Thieves take {small_money} in {city} {robbery}
T {city} police hunt gang after {robbery}
L Armed men carried out a {robbery} at a {venue2} in {city} on {day}, escaping with {small_money}, police said.
L Police in {city} released images of {m} suspects after a {robbery} at a {venue2}.
L Detective {official} said the {robbery} in {city} had been carefully planned.
F {n} arrested over {city} {robbery}
M No one was hurt.

# murder-arrest crime 2
~ arrest = arrest|detain|charge
~ killing = killing|murder|death
T Police {arrest} man over {city} {killing}
T {victim} {killing}: suspect held in {city}
T Murder inquiry launched after woman found dead in {city}
L Police in {city} {arrest} a {age}-year-old man on {day} over the {killing} of {victim}, whose body was found last week.
L Detectives investigating the {killing} of {victim} in {city} said they had detained a suspect.
L The family of {victim} paid tribute to a "kind and loving" person after the {killing} in {city}.
F Man charged with {killing} of {victim}
M Officers appealed for witnesses.

# drugs crime 1
~ seize = seize|intercept|find
! drugs = cocaine|drugs|heroin|methamphetamine
T Police {seize} {n} tonnes of {drugs} in {city} port
T Record {drugs} haul found at {city}
T {n} arrested in {country} {drugs} raids
L Customs officers in {city} {seize} {n} tonnes of {drugs} hidden in a shipment of bananas, officials said on {day}.
L Police arrested {n2} people in raids across {country} on {day} targeting a {drugs} network.
L The {drugs} seized in {city} had a street value of {money}, investigators said.
M The shipment had come from {country2}.

# cyberattack crime 0.6
~ attack = cyberattack|hack|ransomware attack|data breach
~ hit = hits|cripples|disrupts
T {attack} {hit} {company}
T {company} says customer data stolen in {attack}
T {attack} {hit} {city} hospitals
L A {attack} {hit} {company} on {day}, disrupting systems and exposing data of {big} customers, the company said.
L Hospitals in {city} cancelled operations after a {attack} shut down computer systems, health officials said.
L {company} said hackers demanded {small_money} after the {attack}.
F Hackers behind {company} {attack} named
M Security researcher {expert} said the attack used a known flaw.
# football-match sport 3
~ beat = beat|defeat|edge past|thrash|overcome
! final = cup final|league match|derby|semi-final|title decider
! goal = late goal|stoppage-time winner|penalty|header
T {team} {beat} {team2} {score} in {final}
T {athlete} {goal} gives {team} win over {team2}
T {final}: {team} {score} {team2}
T {team} stun {team2} with {goal}
L {team} {beat} {team2} {score} in the {final} on {day}, with a {goal} from {athlete} deciding the match.
L A {goal} by {athlete} gave {team} victory over {team2} in front of {big} fans.
L {athlete} scored as {team} {beat} {team2}; coach {coach} praised the team's spirit.
F {team} coach {coach} hails {athlete} after {team2} win
M {team} are now {n} points clear at the top.

# transfer sport 1
~ joins = joins|signs for|moves to|completes move to
~ fee = fee|deal|transfer
T {athlete} {joins} {team} in {money} {fee}
T {team} agree {money} {fee} for {athlete}
T {athlete} set to leave {team2} for {team}
L {athlete} {joins} {team} from {team2} for a {fee} worth {money}, the clubs said on {day}.
L {team} agreed a {money} {fee} for {team2} striker {athlete}, pending a medical.
L {athlete} signed a {m}-year contract with {team}, coach {coach} said.
M {athlete} scored {n} goals last season.

# coach-sacked sport 0.5
~ sack = sack|fire|part ways with|dismiss
T {team} {sack} coach {coach}
T {coach} out at {team} after {m} defeats
T {team} name new coach after {coach} exit
L {team} {sack} coach {coach} on {day} after a run of {m} defeats left the club near the bottom of the table.
L {coach} left {team} by mutual consent, the club said, {m} months into a three-year contract.
L {team} said a new coach would be named this week after {coach}'s exit.
F {team} appoint {coach2} as coach
M Assistant {coach2} will take charge for now.

# doping sport 0.2
~ banned = banned|suspended|handed a ban
T {athlete} {banned} for {n} years for doping
T {sportname} star {athlete} fails drug test
L {sportname} star {athlete} was {banned} for {m} years on {day} after testing positive for a banned substance.
L {athlete} failed a drug test at a meeting in {city}, the anti-doping agency said.
L Lawyers for {athlete} said the test result was caused by contaminated food.
F {athlete} appeals doping ban
M {athlete} won gold at the world championships in {year0}.

# tournament sport 1
~ wins = wins|claims|captures|takes
~ title = title|crown|trophy|open
T {athlete} {wins} {city} {sportname} {title}
T {athlete} beats {athlete2} in {city} final
T {athlete} {wins} {ord} {city} {title}
L {athlete} {wins} the {city} {sportname} {title} on {day}, beating {athlete2} in the final, {score}.
L {athlete} beat {athlete2} in {city} to claim a {ord} {title} of the season.
L Top seed {athlete2} lost the {city} final to {athlete} after {m} hours.
M {athlete} is {age_young} years old.

# record sport 0.2
~ breaks = breaks|smashes|sets
T {athlete} {breaks} world record in {city}
T World record for {athlete} at {city} meeting
L {athlete} {breaks} the {event} world record at a meeting in {city} on {day}, finishing in {time}.
L {athlete} of {country} took {pct} seconds off the {event} world record in {city}.
M The old record had stood since {year0}.

# host-bid sport 0.05
~ host = to host|wins right to host|will stage
T {city} {host} {games} in {year1}
T {city} beats {city2} to host {games}
L {city} was chosen {host} the {games} in {year1}, beating {city2} in a vote on {day}.
L Organisers in {city} said the {games} would cost {money} and use {n} venues.
M {pol} called the vote a great day for {country}.

# space-launch science 0.15
~ launch = launches|sends up|blasts off|lifts off
T {country} {launch} {mission} mission to {target}
T Rocket carrying {mission} probe {launch} from {city}
L {country}'s space agency {launch} the {mission} probe toward {target} on {day}, the first such mission for the country.
L A rocket carrying the {mission} spacecraft lifted off from {city}, mission director {scientist} said.
L The {mission} probe will study {target} for {n} months.
F {mission} probe reaches {target}
F {mission} sends first images from {target}
F Contact lost with {mission} probe
M The mission cost {money}.

# discovery science 0.5
~ find = find|discover|uncover|unearth
! thing = fossil|shipwreck|ancient city|tomb|dinosaur
T Scientists {find} {thing} near {city}
T {thing} {n2} centuries old found in {country}
T Archaeologists {find} {thing} at {city} site
L Scientists in {country} {find} a {thing} near {city} that may be {n2} centuries old, researchers said on {day}.
L A team led by {scientist} {find} a {thing} during excavations near {city}.
L The {thing} found near {city} could change what is known about the region, {scientist} said.
M The findings were published in the journal {journal}.

# study science 1.5
~ study = study|research|new study|report
~ finds = finds|suggests|shows|warns
T {study} {finds} {topic2} linked to {health}
T Scientists warn over {topic2} after {study}
T {topic2} may raise risk of {health}, {study} {finds}
L A {study} published on {day} {finds} that {topic2} is linked to a higher risk of {health}.
L Researchers at the University of {city} followed {big} people and found {topic2} raised the risk of {health} by {pct} percent.
L {scientist}, who led the {study}, said more research was needed on {topic2}.
M The study appeared in {journal}.

# climate-report science 0.2
~ report = report|assessment|study
T Climate {report}: {year1} target out of reach
T {country} emissions rose {pct}% last year, {report} says
L Global temperatures are on course to rise by {temp_rise} degrees, a UN climate {report} warned on {day}.
L {country}'s emissions rose {pct} percent last year, according to a {report} by the environment agency.
L {scientist}, an author of the {report}, said {country} must act faster.
M The {report} draws on {big} studies.

# outbreak health 0.3
~ outbreak = outbreak|epidemic|spread
! disease = cholera|measles|dengue|bird flu|mpox|typhoid
T {disease} {outbreak} in {city} kills {n}
T {country} declares {disease} emergency
T {disease} cases rise to {big} in {country}
L An {outbreak} of {disease} in {city} has killed {n} people and infected {big}, {country}'s health ministry said on {day}.
L {country} declared a health emergency on {day} as {disease} cases rose in {city}.
L Health officials in {city} began vaccinating children after the {disease} {outbreak}.
F {disease} {outbreak} spreads to {city2}
F WHO sends team to {country} over {disease}
M Doctor {official} said clinics were overwhelmed.

# drug-approval health 0.5
~ approves = approves|clears|authorises|backs
~ drug = drug|treatment|pill|therapy
T Regulator {approves} {pharma} {health} {drug}
T {pharma} {drug} for {health} wins approval
T {pharma} shares rise after {health} {drug} approval
L Regulators in {country} {approves} a {health} {drug} from {pharma} on {day}, the first of its kind.
L {pharma} said its {drug} for {health} cut the risk of death by {pct} percent in trials.
L {pharma} expects the {health} {drug} to cost {small_money} a year per patient.
M {exec} of {pharma} called it a milestone.

# food-recall health 0.6
~ recall = recalls|pulls|withdraws
T {retailer} {recall} {food} over {germ} fears
T {n} ill after eating {food} from {retailer}
L {retailer} {recall} {food} from shops across {country} on {day} after tests found {germ}.
L At least {n} people fell ill after eating {food} sold by {retailer}, health officials said.
M Customers were told to return the product for a refund.

# hospital health 0.6
~ crisis = crisis|shortage
T {country} hospitals face staff {crisis}
T Waiting lists hit record {big} in {country}
T {big} nursing posts empty as {country} hospital {crisis} deepens
T {pol} promises action on {country} hospital {crisis}
F {country} doctors vote to strike over staffing
F {pol} unveils {small_money} plan for {country} hospitals
L Hospitals in {country} are facing a staff {crisis}, with {big} nursing posts empty, the health ministry said on {day}.
L Waiting lists in {country} reached a record {big}, health minister {pol} said.
M Doctors' unions have warned of strikes.

# product-launch tech 1
~ unveils = unveils|launches|shows off|introduces
! phone = smartphone|phone|laptop|headset|tablet
T {tech} {unveils} {product} {phone}
T {tech} {product}: price set at {price}
T First look at the {tech} {product}
T {tech} {unveils} {product} to take on {tech2}
L {tech} {unveils} the {product} {phone} on {day}, priced at {price}, chief executive {exec} said.
L The {product}, a new {phone} from {tech}, goes on sale in {country} next month.
L {exec} of {tech} showed off the {product} at an event in {city} on {day}.
F {tech} {product} sells out in hours
F Reviewers praise {tech} {product} battery life
M Analyst {expert} said {tech} needed a hit to catch {tech2}.

# outage tech 0.3
~ outage = outage|global outage|service disruption|crash
T {tech} services down in {outage}
T {tech} blames software update for {outage}
L Millions of users could not reach {tech} services on {day} during an {outage} lasting {m} hours.
L {tech} said a faulty software update caused the {outage}, which hit banks and airlines.
L Users in {country} and {country2} reported problems with {tech} apps on {day}.
M {tech} apologised to customers.

# ai-rules tech 0.3
~ rules = rules|law|regulation|code
T {country} unveils {ai} {rules}
T {tech} criticises {country} {ai} {rules}
L {country} unveiled {rules} for {ai} on {day}, requiring companies to disclose how systems are trained.
L {tech} said the {ai} {rules} proposed by {country} would slow innovation, {exec} said.
L Digital minister {pol} said the {ai} {rules} would take effect in {year1}.
M Fines can reach {pct}% of annual turnover.
~ ai = artificial intelligence|AI|chatbot

# antitrust tech 0.3
~ probe = probe|investigation|antitrust case
T {country} opens {probe} into {tech}
T {tech} faces {probe} over app store
L Competition authorities in {country} opened a {probe} into {tech} on {day} over its app store rules.
L {tech} could be fined {money} if the {probe} finds it abused its market power.
M {tech} said it would cooperate.

# telecom-deal tech 0.4
~ rollout = rollout|network|launch
T {telecom} starts 6G {rollout} in {city}
T {telecom} to spend {money} on network
L {telecom} began its 6G {rollout} in {city} on {day}, promising speeds {n} times faster.
L {telecom} will spend {money} on its network in {country} over {m} years, {exec} said.
M Rivals plan to follow next year.
# film-award culture 0.5
~ wins = wins|takes|scoops|claims
! prize = top prize|Golden Award|best film award|grand prize
T {film} {wins} {prize} at {city} film festival
T {artist}'s {film} {wins} in {city}
T {city} festival: {artist} {wins} {prize}
L {film}, directed by {artist}, {wins} the {prize} at the {city} film festival on {day}.
L {artist} dedicated the {prize} for {film} to the people of {country}.
L The jury in {city}, led by {artist2}, praised {film} as bold and tender.
M The festival showed {n2} films this year.

# obituary culture 1
~ dies = dies|has died|dies aged {age}|passes away
! star = actor|singer|writer|painter|director|musician
T {star} {artist} {dies}
T {artist}, {star} who defined an era, {dies}
T Tributes pour in for {star} {artist}
L {artist}, the {star} known for {film}, {dies} at home in {city}, the family said on {day}.
L {artist} died aged {age}, {pol} said in a tribute, calling the {star} a national treasure.
L Fans gathered in {city} on {day} to remember {artist}, whose work spanned {n} years.
F Funeral of {artist} held in {city}
M {artist} won {m} national awards.

# concert culture 0.6
~ cancels = cancels|postpones|calls off
~ tour = tour|concerts|shows
T {artist} {cancels} {city} {tour}
T {artist} {cancels} {tour} over illness
L {artist} {cancels} {tour} in {city} on {day}, citing illness, promoters said.
L Promoters said {artist}'s {n} {tour} across {country} would be rescheduled for {month}.
M {big} tickets had been sold.

# art culture 0.5
~ sold = sells for|fetches|goes for
! work = painting|portrait|sculpture|manuscript
T {artist} {work} {sold} {money}
T Record price for {artist} {work} at {city} auction
L A {work} by {artist} {sold} {money} at auction in {city} on {day}, a record for the artist.
L The {work} by {artist} was bought by an unnamed collector in {city} on {day}, the auction house said.
M The {work} dates from {year0}.

# book-prize culture 0.3
! prize = prize|book prize|literary award
T {artist} {wins} {prize} for {film}
T {film} by {artist} takes {prize}
L {artist} {wins} the national {prize} for the novel {film}, the judges said on {day}.
L The {prize} judges called {film} by {artist} a portrait of life in {city}.
M The prize is worth {small_money}.
~ wins = wins|takes|is awarded

# council local 3
~ approves = approves|rejects|votes on|delays
~ plan = plan|project|proposal|scheme
T {city} council {approves} {localthing} {plan}
T {city} residents divided over {localthing} {plan}
T {localthing} {plan} for {city} goes to vote
L {city} council {approves} the {localthing} {plan} on {day} by {n} votes to {m}, after a long public meeting.
L Residents of {city} are divided over a {plan} for a {localthing}, which would cost {small_money}.
L Mayor {official} said the {localthing} {plan} would bring jobs to {city}.
M Work could start next year.

# opening local 2
~ opens = opens|welcomes first visitors|opens its doors
T New {localthing} {opens} in {city}
T {city} {localthing} {opens} after {m} years
L A new {localthing} {opens} in {city} on {day}, {m} years after building began, the city said.
L Mayor {official} cut the ribbon at the {localthing} in {city} as {big} visitors arrived.
L The {localthing} in {city} cost {small_money}, paid for by the region.
M Local businesses welcomed the project.

# school local 1.5
~ closes = closes|shuts|to close
T {city} school {closes} over {reason}
T Parents protest as {city} school {closes}
L A school in {city} {closes} on {day} because of {reason}, leaving {big} pupils without classes.
L Parents gathered outside a school in {city} after officials said it would close because of {reason}.
M Pupils will be taught in {city2} for now.

# festival local 2
~ festival = festival|carnival|fair|parade
T {big} attend {city} {festival}
T {city} {festival} returns
T Rain fails to dampen {city} {festival}
L About {big} people attended the {city} {festival} on {day}, organisers said.
L The {city} {festival} returned on {day} with {n} stages and food from {country2}.
M The {festival} dates back to {year0}.

# animal local 1
~ rescued = rescued|saved|freed
! animal = whale|bear|dog|horse|dolphin|seal
T {animal} {rescued} in {city}
T Stranded {animal} {rescued} near {city}
L A {animal} was {rescued} near {city} on {day} after being stuck for {m} hours, firefighters said.
L Volunteers worked through the night to save a stranded {animal} near {city}.
M The {animal} is now being cared for by vets.

# weather local 1
! snow = snow|ice|fog|hail
T Heavy {snow} disrupts travel in {city}
T {snow} closes roads and schools around {city}
L Heavy {snow} closed roads and schools around {city} on {day}, and {n} flights were cancelled.
L Drivers were stranded for hours on the motorway near {city} as {snow} fell, police said.
M More {snow} is forecast for {weekday2}.

# oil-spill environment 0.1
~ spill = oil spill|fuel leak|slick
T {spill} threatens beaches near {city}
T {energy} blamed for {city} {spill}
L A {spill} from a tanker off {city} spread along {n} km of coast on {day}, threatening beaches and fisheries.
L {country} blamed {energy} for the {spill} near {city}, which volunteers were cleaning by hand.
F {energy} fined over {city} {spill}
M Birds covered in oil were taken to rescue centres.

# protected-area environment 0.2
~ creates = creates|declares|sets up
T {country} {creates} huge marine reserve
T {country} {creates} {region} national park
L {country} {creates} a marine reserve covering {big} square km near {city} on {day}, banning fishing.
L The new national park in {region} will protect {n} rare species, {pol} said.
M Conservationists welcomed the move.

# protest protests 1
~ protest = protest|rally|demonstration|march
~ against = against|over|opposing
T Thousands {protest} in {city} {against} {topic} plan
T {city} {protest} {against} {topic} reform draws {n} thousand
T Police clash with protesters in {city}
T {pol2} leads {protest} {against} {topic} cuts
L Some {n} thousand people joined a {protest} in {city} on {day} {against} the government's {topic} plan, organisers said.
L Police in {city} used tear gas on {day} as a {protest} {against} the {topic} reform turned violent.
L Opposition leader {pol2} led a {protest} through {city} {against} {country}'s {topic} cuts.
F More {protest}s planned in {city} over {topic}
F {n} arrested after {city} {protest}
M Police estimated the crowd at {big}.

# farmers protests 0.3
~ block = block|jam|clog
T Farmers {block} {city} roads with tractors
T Tractor protest reaches {city}
L Farmers drove hundreds of tractors into {city} on {day} to protest against {topic} rules, blocking main roads.
L Farm union leader {official} said the protest in {city} would continue until {pol} met them.
M Farmers say costs have risen {pct}% in a year.

# airline-chaos transport 0.4
~ cancel = cancels|scraps|grounds
! cause = a pilots' strike|an IT failure|a strike by air traffic controllers
T {airline} {cancel} {big} flights after {cause}
T Travel chaos at {city} airport as {cause} hits {airline}
T {big} {airline} flights hit by {cause}
L {airline} {cancel} {big} flights on {day} because of {cause}, stranding passengers in {city}.
L Passengers at {city} airport waited hours on {day} after {cause} at {airline}.
L {airline} said it would compensate passengers whose flights were cancelled.
F {airline} and pilots reach deal
M {airline} carries {big} passengers a day.

# road-crash transport 2
~ crash = crash|collision|accident|pile-up
! bus = bus|coach|minibus|lorry
T {n} killed as {bus} crashes near {city}
T {bus} {crash} on {city} highway
T Deadly {crash} near {city}
L A {bus} carrying {n2} passengers crashed near {city} on {day}, killing {n} people, police said.
L {n} people died in a {crash} involving a {bus} on the highway outside {city}.
L The driver of the {bus} lost control on a bend near {city}, witnesses said.
M The road had been the scene of several accidents.

# car-recall transport 0.4
~ recalls = recalls|calls back|orders recall of
T {automaker} {recalls} {big} cars
T {automaker} {recalls} vehicles over brake fault
L {automaker} {recalls} {big} cars worldwide on {day} over a fault with the brakes.
L {automaker} said a software problem could cause the cars to lose power, and {m} accidents had been reported.
M Owners will be contacted by letter.

# ev-plant transport 0.3
~ build = to build|will build|plans
T {automaker} {build} {money} battery plant in {city}
T {city} wins {automaker} plant
L {automaker} said on {day} it would build a {money} battery plant near {city}, creating {big} jobs.
L {automaker} chose {city} over {city2} for its new factory, {exec} said.
M Production is due to start in {year1}.

# migration conflict 0.5
~ migrants = migrants|refugees|asylum seekers
T {n2} {migrants} rescued off {city}
T Boat carrying {migrants} sinks near {city}
L Rescuers pulled {n2} {migrants} from the sea off {city} on {day}, the coast guard said.
L At least {n} {migrants} drowned when their boat capsized near {city}, the UN refugee agency said.
M Many had set off from {country2}.
`);
