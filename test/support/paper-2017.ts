/**
 * The 2017 paper's lines of action, section by section, as the paper words them (its bold type
 * and footnote marks left out). Section 1.3 sets out perspectives on the internet and the aims of
 * an expert meeting, not lines of action: the paper has 46 lines in all.
 */
export const paperSections2017: { number: string; title: string; lines: string[] }[] = [
  {
    number: '1.1',
    title: 'Migration, asylum and border management',
    lines: [
      'Increase the ability of the agencies to respond in a timely and proactive way to the migration crisis, including by reinforcing the implementation of their current or amended mandates in the relevant areas;',
      "Streamline the operational support and joint activities provided by the agencies in the 'hotspots' and in the implementation of the relocation decision;",
      'Strengthen the focus on the links between security, border and asylum management, and reception, in particular the fight against serious crime and terrorism, and the respect for fundamental rights including the rights of vulnerable groups, such as women and children, especially unaccompanied minors, victims of crimes and people with disabilities;',
      "Strengthen cooperation in the framework of the dedicated EU contact group of agencies on trafficking in human beings (THB) and in close cooperation with the EU Anti-Trafficking Coordinator's Office;",
      "Use established channels of communication to regularly exchange accurate and up-to-date information, including statistics (reviews, reports, briefings) in the field of asylum, migration and border management (situation awareness products, common standards, access rights and harmonisation of legal frameworks). This should take into account the work of the Council's High Level Expert Group on Information Systems and Interoperability; and in this context JHA agencies should strengthen their systems for collecting, analysing and sharing data in order to facilitate providing regular situation monitoring;",
      'Outline the need for an effective EU judicial dimension of the fight against smugglers. In particular disrupting the business model of smugglers by ensuring mainly but not exclusively admissibility of evidence and setting up of Joint Investigation Teams under the auspices of Eurojust and with the cooperation and participation of other agencies, where relevant.',
      'Strengthen interagency cooperation between Frontex, EMSA, EFCA, Europol, as well as other actors i.e. MAOC (N) to provide Eurosur Fusion Services through the combination of various data sources for the purposes of obtaining a holistic situational picture;',
      'Provide enhanced support in terms of border control and coordinated security measures to Member States with a focus on hotspot implementation, also using the European Multidisciplinary Platform Against Criminal Threats;',
      'Highlight the work of JHA agencies in assisting Member States with the implementation of the Common European Asylum System and in supporting Member States whose asylum systems are under particular pressure;',
      'Explore other ways in which the network can actively support Member States in taking up their responsibilities in the field of asylum and show solidarity with Member States whose asylum systems are under pressure;',
      'Provide support to the European Commission in the preparation of various impact assessment studies and evaluation studies preceding legislative proposals in the fields of migration, asylum, borders and return, as well as integration, and by participating in various Commission and Council contact group meetings/consultative fora (e.g. in the field of returns and migrant smuggling);',
      "Enhance inter-agency cooperation in the process of developing a technical and operational 'Integrated Border Management Strategy' and towards the implementation of a European integrated border management both at EU and national level;",
      "Develop a JHA agencies' toolbox on migration, providing an overview of the areas of work covered by the JHA agencies in this field and their respective areas of competence.",
    ],
  },
  {
    number: '1.2',
    title: 'Internal security',
    lines: [
      "Identify further areas for improved information exchange and access to data across the JHA agencies' various IT platforms. This will support and inform policy and operational work and provide input/facilitate analyses and studies and highlight gaps for additional research;",
      'Strengthen collaboration among the JHA agencies in particular in the area of operational police and judicial cooperation priorities, i.e. cybercrime, THB, hate crime, violence against women in the context of serious and organised crime, migrant smuggling and drug trafficking as well as in the areas covered by the European Agenda on Security, particularly terrorism and foreign terrorist fighters;',
      'Foster inter-agency cooperation and more joint contributions to tackle illicit drugs and New Psychoactive Substances ;',
      'Support when requested the development of the EU Serious Organised Crime Threat Assessment (SOCTA) 2017 and the COSI priorities for the EU Policy Cycle on serious and organised international crime 2018–21, with a view to mobilising the expertise of the JHA agencies in the future;',
      "Continue collaboration and joint actions on THB through the implementation of the EU legal and policy framework for THB, in particular by participating in the meetings of the JHA agencies' coordination group on THB organised by the Office of the EU Anti-Trafficking Coordinator;",
      'Enhance cooperation with EU Counter-Terrorism Coordinator;',
      "Update the JHA agencies' toolbox on foreign terrorist fighters, providing an overview of different areas of work covered by the JHA agencies in this field and their respective areas of competence.",
    ],
  },
  {
    number: '1.3',
    title: 'Internet and new technologies',
    lines: [],
  },
  {
    number: '2.1',
    title: 'Coordination and information exchange, including on ICT & cybersecurity',
    lines: [
      'Finalise a multilateral agreement on the exchange of European Union classified information (EUCI) to be proposed for signature to all the network members; and achieve better aligned classification and dissemination policies, which could ultimately facilitate data exchange between agencies.',
      "Enlarge on an ad hoc basis the group's participation in ENISA, in the context of the impact of the 2016 Directive on security of network and information systems on JHA agencies' work;",
      'Exchange expertise about mobile tools and technologies used for corporate purposes;',
      "Share knowledge and best practice in the field of cyber security, business continuity and disaster recovery among JHA agencies, taking into consideration the information already available at Inter-Agency ICT Managers' Network level;",
      'Leverage JHA agency headquarters in different Member States to further implement disaster recovery facilities;',
      "Use new tools, where feasible, to exchange information — e.g. the document repository at eu-LISA's extranet platform (SharePoint);",
      "Continue and further develop the network's index of analytical products and reports (overview of different types of analytical, statistical and trend reports and other products produced by the agencies);",
      'Take into consideration, whenever feasible, the work of the High Level Group on Interoperability and Interconnectivity.',
    ],
  },
  {
    number: '2.2',
    title: 'Training',
    lines: [
      'Build on joint training initiatives to improve sharing of knowledge and practices on emerging and on-going topics of common interest in the field of security (such as asylum, migration, THB, terrorism, cybercrime and other forms of serious and organised crime) with fundamental rights and gender equality as an important cross-cutting aspect;',
      "Make training more widely accessible, efficient and appropriate by exchanging experiences and best practises for online learning tools and activities, using training-of-trainer methodology, exploring use of 'scenario-based' training and fostering implementation of joint training initiatives;",
      'Further develop training initiatives in the context of the new EU policy cycle and its potential impact for the Law Enforcement Training Scheme. CEPOL will take a leading role in this, supported by agencies who can contribute to content, webinars and attendance at training sessions (as trainers or trainees), as appropriate;',
      'Continue to maintain cooperation with other training providers outside the JHA agency network such as the European Judicial Training Network and other relevant organisations in the field by inviting a representative to attend the annual coordination meeting;',
      "Promote the online matrix established by CEPOL as a solid coordination tool for joint training activities. This is used to draft the annual report on training and to discuss its further potential for coherent planning in order to build synergies and minimise duplication. Promote the use of CEPOL's e-Net and Lecturers, Trainers and Researchers database.",
    ],
  },
  {
    number: '2.3',
    title: 'External relations',
    lines: [
      'Reinforce cooperation and capacity building with third countries in line with the reviewed European Neighbourhood Policy, the European Agenda on Migration, the Partnership Framework Approach, the European Agenda on Security and the renewed EU Internal Security Strategy (including cooperation on migration management, combatting irregular migration, smuggling and THB, tackling terrorism and preventing radicalisation, disrupting serious and organised cross-border crime and corruption, improving judicial cooperation in criminal matters and fighting cybercrime, in full compliance with the rule of law and international law, including human rights law);',
      'Contribute to the implementation of the EU Global Strategy for Foreign and Security Policy to steer EU external actions and bring together EU institutions, Member States and civil society) in cooperation with the European Commission;',
      'Develop synergies with activities carried out by the Delegations of the European Union in Third Countries and the European Migration Liaison Officers and other Liaison Officers being deployed in strategic third countries;',
      'Ensure, in cooperation with the European Security and Defence College, that officials cooperating with third countries and/or taking part in Common Security and Defence Policy missions are properly trained;',
      'Contribute to the EU external cooperation policy to combat local and international criminal groups that control smuggling routes and organised crime networks involved in THB, as set out in the European Agenda on Migration;',
      'Enhance international judicial cooperation in criminal matters, in particular in the context of CSDP missions, with special focus on the admissibility of evidence within the context of cross-border investigations/prosecutions;',
      "Promote development of a network of JHA agencies' experts responsible for cooperation with non-EU countries with a view to sharing experiences and good practice in working with external partners;",
      "Update the external relations 'Relex' matrix listing, JHA agencies' arrangements and projects with external partners including international and regional organisations and third countries.",
    ],
  },
  {
    number: '2.4',
    title: 'Communication',
    lines: [
      "Enhance public awareness of the work of the JHA agencies by promoting the network's video and brochure through different platforms and communications channels;",
      "Further improve communication with EU institutions and bodies (particularly with the Council and the European Parliament) and report JHA agencies' activities to COSI and to the European Parliament/LIBE committee (both at the beginning and end of 2017);",
      'Throughout the year, issue joint news releases highlighting the work of the network (e.g. on the expert meeting on the internet (April) and the meeting of JHA Directors (November)). Combine this with communication via social media;',
      "Share information within the JHA agencies' network on requests from the public for information about the JHA agencies' network and related topics;",
      'Produce outputs addressing key points from the annual report on joint cooperation of the agencies (e.g. infographics).',
    ],
  },
];

/** Section 1.3: the two sentences that introduce a list, and the lists, as the paper has them. */
export const paperInternetPerspectives = [
  'Internet as information repository (storing and retrieving information);',
  'Internet as an operational and communication tool (dissemination of information shaping narratives);',
  'Internet as a marketplace (consumers/suppliers, access);',
  'Internet as a driver of transnational crime, including cyber(-enabled) crime (enhanced efficiency and security of criminal activity), as a platform for the proliferation of hate crime, online child abuse and child pornography and the online recruitment and exploitation of THB victims;',
  'Internet as an intervention tool (prevention, awareness-raising, training);',
  'Internet as a platform for developing common methods and tools.',
];

export const paperExpertMeetingAims = [
  'exchange experiences of JHA agencies on how cyberspace has influenced criminal activities and responses to them, identifying challenges, lessons learnt and issues for future consideration;',
  'facilitate continued cooperation between the agencies focused on the exchange of information and good practice, including technical expertise, methods, tools and data to support EU Member States in this critical area.',
];
