import type { Block, Inline, LegalContent, LegalFacts } from './legal.content.js';

const EDPS = 'https://www.edps.europa.eu';
const OMBUDSMAN = 'https://www.ombudsman.europa.eu';
const EUR_LEX_EUDPR = 'https://eur-lex.europa.eu/eli/reg/2018/1725/oj';

/** Who the controller is this year, in words: the chair agency, or how to find it out. */
function controllerThisYear(facts: LegalFacts): Block {
  if (!facts.chair) {
    return `The chair of the network for ${facts.year} has not yet been recorded on this platform. Until it is, the contact point of your agency can tell you which agency chairs the network and acts as controller.`;
  }
  const name = `${facts.chair.name} (${facts.chair.acronym})`;
  const parts: Inline[] = [
    `In ${facts.year} the network is chaired by the ${name}, which is therefore the controller this year.`,
  ];
  if (facts.chair.website) {
    parts.push(' Its website is ', { text: facts.chair.website, href: facts.chair.website }, '.');
  }
  return { paragraph: parts };
}

/** Where to find the data protection officer of the controller agency. */
function dataProtectionOfficer(facts: LegalFacts): Block {
  const where: Inline[] = facts.chair?.website
    ? [
        'published on the website of the ',
        { text: facts.chair.acronym, href: facts.chair.website },
        ' ',
      ]
    : ['published on the website of the agency that chairs the network '];
  return {
    paragraph: [
      'Every EU agency has a data protection officer, who advises it and to whom you may turn at any time about the processing of your personal data (Articles 43 to 45 of the Regulation). The contact details of the data protection officer of the controller agency are ',
      ...where,
      '(usually under "Data protection"). You may also write to the data protection officer of your own agency, who will forward your request.',
    ],
  };
}

export const en: LegalContent = {
  privacy: (facts) => ({
    lastReviewed: '2026-11-29',
    introduction: [
      'This statement explains which personal data the platform of the network of EU Justice and Home Affairs (JHA) agencies processes, why, for how long, who sees them, and what rights you have.',
      {
        paragraph: [
          'The agencies are EU bodies, so the processing is governed by ',
          {
            text: 'Regulation (EU) 2018/1725 on the protection of natural persons with regard to the processing of personal data by the Union institutions, bodies, offices and agencies',
            href: EUR_LEX_EUDPR,
          },
          ' (the "Regulation"). This statement gives the information required by Articles 15 and 16 of the Regulation.',
        ],
      },
    ],
    sections: [
      {
        heading: 'Who is responsible for your data',
        blocks: [
          `The controller is the agency that chairs the JHA agencies network in the current year, acting through its network secretariat, which runs this platform on behalf of the nine member agencies (${facts.agencies.join(', ')}). The chair rotates every year; when it changes, the responsibility passes to the new chair agency with the platform.`,
          controllerThisYear(facts),
        ],
      },
      {
        heading: 'Why we process your data',
        blocks: [
          'Your personal data are processed only for the following purposes:',
          {
            list: [
              'Accounts: to give the staff of the member agencies and of their partners an account, so that only authorised people use the platform and each sees what their role allows.',
              `Sessions: to keep you signed in securely once you have signed in, and to protect accounts against password guessing by slowing down and pausing sign-in after ${facts.lockoutThreshold} failed attempts within ${facts.signInWindowMinutes} minutes.`,
              'Audit log: for security and accountability, to record who changed what and when, every sign-in and every refused request, so that misuse can be detected and investigated and the network can show how its records came to be. The log is hash-chained, so that any later alteration of it can be detected.',
            ],
          },
          'Your data are not used for any other purpose. There is no profiling and no automated decision that produces legal effects concerning you or similarly affects you. The platform uses no analytics, no advertising and no tracking cookies, and its pages load nothing from other websites.',
        ],
      },
      {
        heading: 'Which personal data we process',
        blocks: [
          {
            list: [
              'Your account: your name, e-mail address, organisation, role, preferred language, the date of your last sign-in, and whether your account is disabled or temporarily locked. Your password is stored only as a one-way hash (Argon2id), from which it cannot be read back.',
              'Personal API tokens you create: their name, creation, expiry and last-use dates. The token itself is stored only as a hash.',
              'Sessions: the IP address and user agent (the name and version of your browser) from which you signed in, and when the session started and was last used.',
              'Sign-in attempts: the e-mail address entered, the IP address, the time and whether the attempt succeeded.',
              'Audit entries: who acted (your user identifier, e-mail address and organisation), the action, the record concerned, the values of changed fields before and after the change, the time, the reference of the request and its IP address.',
            ],
          },
          'Two cookies are set, both strictly necessary for the service you ask for, so they need no consent: the session cookie (jhanet_session), which keeps you signed in, and before sign-in a cookie (jhanet_csrf) that protects forms against cross-site request forgery. Neither is readable by scripts or sent to any other website.',
        ],
      },
      {
        heading: 'Legal basis',
        blocks: [
          'The processing is necessary for the performance of tasks carried out in the public interest by the member agencies, namely their cooperation within the JHA agencies network under their founding acts (Article 5(1)(a) of the Regulation). Keeping sessions, sign-in attempts and the audit log is also part of the security of processing that Article 33 of the Regulation requires of the controller.',
        ],
      },
      {
        heading: 'Who receives your data',
        blocks: [
          {
            list: [
              "Staff of the network's agencies and of their partners who have an account, only as far as their role allows: for example, administrators of the network secretariat manage accounts and are the only ones who can read the audit log.",
              'Where necessary, bodies charged with monitoring or inspection under EU law, such as the European Data Protection Supervisor, the European Anti-Fraud Office (OLAF), the European Court of Auditors or the Internal Audit Service, within their mandates.',
            ],
          },
          'Your data are stored in the European Union and are not transferred to countries outside the European Economic Area or to international organisations.',
        ],
      },
      {
        heading: 'How long we keep your data',
        blocks: [
          {
            list: [
              `Sessions end after ${facts.sessionIdleMinutes} minutes without activity, and in any case ${facts.sessionMaxHours} hours after sign-in, or when you sign out; an ended session can no longer be used and its record is removed.`,
              `Sign-in attempts are kept for throttling: those of the last ${facts.signInWindowMinutes} minutes decide whether sign-in is slowed down or paused. Older attempt records are kept for ${facts.signInRetentionHours} hours, to investigate attacks, and then deleted.`,
              'Your account is kept while you need access to the platform. When you leave your agency or no longer need access, your agency asks the secretariat to disable it, and you may ask for its erasure. The audit entries that name you are kept as explained next.',
              "The audit log is kept for as long as the platform runs, in line with the network's records management policy, because its value for security and accountability depends on it being complete. When the platform is retired, the log is archived or deleted under that policy.",
            ],
          },
        ],
      },
      {
        heading: 'How your data are protected',
        blocks: [
          'In production the platform is reached only over encrypted connections (HTTPS). Access is denied unless a rule allows it, and every refused request is recorded. Passwords and tokens are stored as hashes. Changes are recorded in the same database transaction as the change itself, so the audit log cannot miss one.',
        ],
      },
      {
        heading: 'Your rights',
        blocks: [
          'Under Articles 17 to 24 of the Regulation you have the right to:',
          {
            list: [
              'access your personal data and receive a copy of them (Article 17);',
              'have inaccurate or incomplete data rectified (Article 18);',
              'have your data erased, where the conditions of Article 19 are met;',
              'have the processing restricted, for example while the accuracy of your data is checked (Article 20);',
              'receive your data in a structured, machine-readable format, where Article 22 applies;',
              'object at any time, on grounds relating to your particular situation, to the processing of your data (Article 23);',
              'not be subject to a decision based solely on automated processing (Article 24); the platform takes no such decisions.',
            ],
          },
          'You can correct your name and preferred language yourself under "My account". For any other request, write to the network secretariat through the contact point of your agency, or to the data protection officer below. Requests are answered without undue delay and within one month; this can be extended by two further months for complex requests, in which case you are told why. Exercising your rights is free of charge.',
        ],
      },
      {
        heading: 'Contact',
        blocks: [
          'For questions about this statement or the processing of your data, contact the network secretariat of the chair agency through the contact point of your agency.',
          dataProtectionOfficer(facts),
        ],
      },
      {
        heading: 'Right to lodge a complaint',
        blocks: [
          {
            paragraph: [
              'You have the right to lodge a complaint with the European Data Protection Supervisor at any time (Article 63 of the Regulation): by e-mail to edps@edps.europa.eu, by post to the European Data Protection Supervisor, Rue Wiertz 60, 1047 Brussels, Belgium, or through the form on its website, ',
              { text: EDPS, href: EDPS },
              '. We invite you to contact the controller or its data protection officer first, as this is often the quickest way to resolve an issue.',
            ],
          },
        ],
      },
    ],
  }),

  accessibility: (facts) => ({
    lastReviewed: '2026-11-29',
    introduction: [
      'The agencies of the JHA network are committed to making this platform accessible to everyone, including people with disabilities. This statement applies to all pages of the platform.',
    ],
    sections: [
      {
        heading: 'The standard we aim at',
        blocks: [
          'The platform aims to conform to level AA of the Web Content Accessibility Guidelines (WCAG) 2.1, the level required by the harmonised European standard EN 301 549 and by Directive (EU) 2016/2102 on the accessibility of the websites of public sector bodies, which the EU institutions and agencies follow.',
        ],
      },
      {
        heading: 'Compliance status',
        blocks: [
          'The platform is partially compliant with WCAG 2.1 level AA: the limitations known to us are listed below. We correct them as the platform is developed.',
        ],
      },
      {
        heading: 'How we make and test it',
        blocks: [
          {
            list: [
              'Every page is built from the Europa Component Library, the design system of the EU institutions, which is designed for accessibility.',
              "Every page is checked automatically with the axe-core accessibility engine in a real browser, as part of the platform's test suite; a page that fails a check fails the tests.",
              'Every task can be done with the keyboard alone, with a visible focus, and a "Skip to main content" link starts each page.',
              'Every page works without JavaScript: forms, filters, sorting and pagination are ordinary links and forms, so assistive technologies that do not run scripts, and people who turn them off, lose nothing.',
              'Every form field has a label; errors are listed at the top of the form, linked to the fields, and shown next to each field.',
            ],
          },
        ],
      },
      {
        heading: 'Known limitations',
        blocks: [
          {
            list: [
              'Wide tables, such as the audit log and the API reference, scroll sideways on small screens rather than reflowing.',
              'Exported CSV files are plain data files: how accessible they are depends on the program you open them with.',
              'The API reference is technical documentation for programmers: it shows paths, parameter names and data types without further explanation.',
              'The platform is available in English only for now. Times are shown in Coordinated Universal Time (UTC).',
            ],
          },
        ],
      },
      {
        heading: 'Feedback and contact',
        blocks: [
          {
            paragraph: [
              'If you meet a barrier on this platform, or need information from it in another format, tell the network secretariat through the contact point of your agency',
              ...(facts.chair?.website
                ? [
                    ', or through the contact details on the website of the chair agency, ',
                    { text: facts.chair.acronym, href: facts.chair.website },
                  ]
                : []),
              '. Say which page and what you were trying to do. We aim to reply within 15 working days.',
            ],
          },
        ],
      },
      {
        heading: 'Enforcement procedure',
        blocks: [
          {
            paragraph: [
              'If you are not satisfied with our reply, you can complain to the European Ombudsman, who investigates maladministration by the EU institutions, bodies, offices and agencies. You must first have contacted us about the problem, and you must complain within two years of becoming aware of it. You can complain online at ',
              { text: OMBUDSMAN, href: OMBUDSMAN },
              ' or by post to the European Ombudsman, 1 avenue du Président Robert Schuman, CS 30403, 67001 Strasbourg Cedex, France.',
            ],
          },
        ],
      },
      {
        heading: 'Preparation of this statement',
        blocks: [
          'This statement was prepared on 29 November 2026 on the basis of the automated checks and the keyboard and no-script checks described above, and is reviewed whenever the platform changes significantly.',
        ],
      },
    ],
  }),

  notice: (facts) => ({
    lastReviewed: '2026-11-29',
    introduction: [
      'This legal notice applies to the platform of the network of EU Justice and Home Affairs agencies (jhanet).',
    ],
    sections: [
      {
        heading: 'Who runs the platform',
        blocks: [
          `The platform is the shared working space of the JHA agencies network, formed by the nine EU Justice and Home Affairs agencies: ${facts.agencies.join(', ')}. It is run by the network secretariat of the agency that chairs the network in the current year, on behalf of all of them.`,
          controllerThisYear(facts),
          'The platform is meant for the staff of the member agencies and of their partners who have been given an account. It is a working tool, not an official publication of any agency.',
        ],
      },
      {
        heading: 'Disclaimer',
        blocks: [
          'The agencies maintain this platform to help them plan, act, meet, report and share information together. The information on it is general in nature, may not be complete, exhaustive or up to date, and does not state the official position of any agency unless it says so. It is not legal advice.',
          'Links to other websites are given for convenience; the agencies have no control over those websites and accept no responsibility for their content.',
          'The agencies try to keep interruptions caused by technical errors to a minimum, but cannot guarantee that the service is free of them and accept no responsibility for problems caused by using the platform or linked websites.',
          'This disclaimer is not intended to limit the liability of the agencies in contravention of any requirements laid down in applicable law, nor to exclude their liability for matters which may not be excluded under that law.',
        ],
      },
      {
        heading: 'Copyright',
        blocks: [
          `© European Union, ${facts.year}.`,
          'Content produced by an agency for the network remains subject to the reuse policy of that agency. Reuse within the network is authorised provided the source is acknowledged. Before reusing content outside the network, ask the agency that produced it; documents shared on the platform may carry a marking that restricts their distribution, and that marking must be respected.',
          'The software of the platform is free software, published under the European Union Public Licence (EUPL), version 1.2.',
        ],
      },
      {
        heading: 'Personal data',
        blocks: [
          {
            paragraph: [
              'How the platform processes personal data, and your rights, are explained in the ',
              { text: 'privacy statement', href: '/privacy' },
              '.',
            ],
          },
        ],
      },
      {
        heading: 'Accessibility',
        blocks: [
          {
            paragraph: [
              'How accessible the platform is, its known limitations and how to report a barrier are explained in the ',
              { text: 'accessibility statement', href: '/accessibility' },
              '.',
            ],
          },
        ],
      },
    ],
  }),
};
