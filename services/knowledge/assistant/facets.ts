/**
 * Facets a question asks for by name (opening hours, a fee, a rate, a phone number, how long) and the
 * kind of value a record must hold to answer them: asked "what time does it close", a record that
 * gives no hours does not answer, however well it matches the rest ("Qianhai's 15% tax rate" is not
 * answered by a business service that states no rate). The value is looked for, not the word: a
 * kiosk's "9am–noon" gives hours without saying "opening hours". Patterns read folded text
 * (Simplified, lower case).
 */
export interface Facet {
  readonly name: string;
  readonly asked: RegExp;
  readonly given: RegExp;
  /**
   * The value must stand with what it is said of (support.ts): a launch date in a sentence naming an
   * asked subject, a venue in a clause naming each asked place ("2/F of the Dongguan Citizen Service
   * Center", not "the first one in Hong Kong" beside Macao's centre).
   */
  readonly clause?: 'subject' | 'place' | 'predicate';
}

export const FACETS: readonly Facet[] = [
  {
    name: 'hours',
    asked:
      /opening hours|what time|\bopen (?:on|at|until|till)\b|几点|开门|关门|营业时间|办公时间|开放时间|(?:星期|礼拜|周)[一二三四五六日天末](?:有|会)?开/,
    given:
      /\d ?(?:am|pm)\b|\d:\d\d|[0-9一二三四五六七八九十]+[点时]|monday|friday|saturday|weekend|周[一二三四五六日]|星期|工作日|24 hours|24小时|全天/,
  },
  {
    name: 'fee',
    // "How much did waiting time drop" asks no fee: "how much" asks one before a cost word or alone.
    asked:
      /\bfees?\b|how much (?:is it|is the|does it|do (?:i|you|we) (?:have to )?pay|money|will it)|how much\W*$|\bcosts?\b|\b(?:service )?charges?\b|\bfree (?:to|of|for)\b|收费|费用|手续费|几多钱|多少钱|要钱|俾钱|免费/,
    // An amount, or free: "pay the fee" names a fee without giving it.
    given: /hk\$|\$ ?\d|\d ?元|港元|\bfree\b|免费|不收费|no charge/,
  },
  // A bare "100%" is as often "fully" ("100% online"): a percentage asks a rate next to a tax or relief.
  {
    name: 'rate',
    asked:
      /\brate\b|税率|利率|汇率|百分之|比例|比率|缴费基数|contribution base|percentage|\d ?% ?(?:的)?(?:\w* ?tax|[^\s]{0,4}税|优惠|relief|补贴)/,
    given: /\d ?%|百分之|\brate\b|税率/,
  },
  {
    name: 'phone',
    asked: /phone number|hotline|telephone|\bcall\b|热线|电话/,
    given: /\d{4} ?\d{4}|hotline|热线|电话|\b1823\b|12345/,
  },
  {
    name: 'duration',
    asked:
      /how long|how many (?:working )?days|how soon|how quickly|processing time|多久|几耐|几多日|几天|多少天|多少个?工作日|多长时间|几个工作日|处理时间|审批时间|审核时间/,
    // A period, not a date ("2月22日" is when, not how long).
    given:
      /\d+ ?(?:working )?days|\d+ ?个?工作日|(?<![月\d])\d+ ?[天日]|minutes?\b|分钟|weeks?\b|months?\b|\d+ ?个?月(?!\d)|\d+ ?years?\b|half an? (?:year|month|day)|(?<!\d)\d{1,2} ?个?年(?![\d月])|半年|[一二三四五六七八九十两]+ ?(?:个)?(?:工作日|天|星期|月|年)/,
    // Said of what was asked: "how long must records be kept" is not answered by a filing deadline.
    clause: 'predicate',
  },
  {
    name: 'age',
    asked:
      /how old|old enough|too young|age limit|minimum age|what age|年龄|几岁|几多岁|多少岁|够年纪|够年龄|岁以上|岁以下|年满/,
    given: /\baged? \d|\d+ or (?:above|over)|\d+ ?岁|年满/,
  },
  {
    name: 'payment',
    asked:
      /pay (?:by|with)|credit card|octopus|alipay|wechat pay|payme|payment method|支付宝|微信支付|八达通|信用卡|付款方式|支付方式|点样俾钱|怎么付款/,
    given: /credit card|octopus|alipay|wechat pay|payme|fps|支付宝|微信支付|八达通|信用卡|转数快/,
  },
  // Open at the weekend or on a holiday: the days it opens, not a time of day ("from 12 noon on 6
  // October" is when a centre moved).
  {
    name: 'days',
    asked:
      /\bopen (?:on )?(?:saturdays?|sundays?|weekends?|(?:public )?holidays?)|weekends?\b|周末|星期[六日天]|礼拜[六日天]|(?:公众|法定|节)假期?日?(?:开|营业)/,
    given:
      /monday|friday|saturday|sunday|weekend|holiday|周[一二三四五六日末]|星期|工作日|假期|假日|around the clock|全天候/,
  },
  // A language asked of a service: the record must name that language.
  ...(
    [
      ['cantonese', /cantonese|粤语|广东话|广府话/],
      ['putonghua', /putonghua|mandarin|普通话|国语/],
      ['english', /\benglish\b|英语|英文/],
    ] as const
  ).map(([name, forms]) => ({ name, asked: forms, given: forms })),
  // Where a thing stands, by its venue: asked of a kiosk or office, given by a floor, building,
  // street or centre named in the clause that names the asked place.
  {
    name: 'location',
    asked:
      /what'?s the (?:new )?address|\baddress of\b|where (?:exactly )?is (?:the|it)\b[^?]{0,40}(?:kiosk|machine|office|centre|center|counter)|\blocated\b|which (?:building|floor)|[摆放设](?:咗|了)?(?:喺|在|于)(?:边|哪)|边座|哪座|哪栋|几楼|地址(?:系|是|在)|新地址/,
    given:
      /\d\/f|\bfloor\b|\bbuilding\b|\bcent(?:re|er)\b|\bstreet\b|\broad\b|\bavenue\b|avenida|\brua\b|edif[ií]cio|大厦|大楼|中心|[0-9一二三四五六七八九十]+楼|[街路]|大马路|地下/,
    clause: 'place',
  },
  // When something will be launched or opened to the public: a launch word with a date in one clause.
  {
    name: 'launch date',
    asked:
      /when (?:will|is|are)\b[^?]{0,60}(?:releas|launch|go live|available|open(?:ed)? to the public)|(?:何时|几时|什么时候|哪天)(?:会|才|可以)?(?:推出|上线|开放|发布|面世|公开)/,
    given:
      /(?:launch|releas|issued|went live|goes live|go live|上线|推出|发布|公布|开通|启用)[^.;。；]{0,60}(?:\d{4}|\d+月|january|february|march|april|may|june|july|august|september|october|november|december)|(?:\d{4}|\d+月)[^.;。；]{0,80}(?:launch|releas|issued|went live|goes live|上线|推出|发布|公布|开通|启用)/,
    clause: 'subject',
  },
  // Opened to the public, not rolled out to staff: a date for the public launch, in a sentence naming
  // the asked subject (a trial's internal roll-out date is not when the public gets it).
  {
    name: 'public launch date',
    asked:
      /(?:releas|launch|open|availab)\w*\b[^?]{0,20}\b(?:to|for) (?:the )?public|(?:向|面向|对)(?:公众|市民)(?:开放|推出|发布)|公开推出|对外开放/,
    given:
      /(?=[^.;。；]*(?:public|公众|市民))(?=[^.;。；]*(?:launch|releas|went live|goes live|open|上线|推出|发布|开放|启用))[^.;。；]*(?:\d{4}|\d+月)/,
    clause: 'subject',
  },
  // Changing or cancelling a booking: the record must say how.
  {
    name: 'reschedule',
    asked:
      /reschedul|\bcancel\w*\b[^?.]{0,40}(?:appointment|booking|slot)|(?:appointment|booking)[^?.]{0,30}\bcancel|\bor cancel\b|改期|改约|取消[^?？。]{0,12}(?:预约|登记|约)/,
    given: /reschedul|cancel(?:l?ing)? (?:(?:an?|the|your) )?(?:appointment|booking)|改期|改约|取消预约/,
  },
  // Moving an account to a new phone is not setting it up on one.
  {
    name: 'device change',
    asked:
      /(?:transfer|move|migrat)\w*\b[^?]{0,30}\b(?:new|another) (?:phone|device)|(?:new|another) (?:phone|device)[^?]{0,30}\b(?:transfer|move|migrat)|换(?:咗|了)(?:新)?(?:手机|电话)|新(?:手机|电话)[^?？]{0,12}(?:转移|搬|迁移)|(?:搬|转移|迁移|转)(?:过去|去新|到新)/,
    given: /transfer|migrat|new (?:phone|device)|换机|换手机|新手机|转移/,
  },
  // Recognised elsewhere (a signature on the Mainland, a licence in Macao): said in a clause naming
  // the asked place, not only "a recognised certification authority".
  {
    name: 'recognition',
    asked:
      /recogni[sz]|accepted (?:in|on|by)|valid (?:in|on) the|承认|认可|互认|(?:内地|澳门|香港)(?:嘅|的)?(?:法律)?(?:承认|认|有效)/,
    given: /recogni[sz]|accepted|承认|认可|互认/,
    clause: 'place',
  },
  // How long a review or approval takes is not how long one has to file: the value must be said of it.
  {
    name: 'review time',
    asked:
      /(?:审核|审批|批核|批出|回复|答复|review|approv|process|repl(?:y|ies)|respon)[^?？。]{0,24}(?:多久|几耐|几多日|几天|多长时间|how long|how many (?:working )?days)|(?:多久|几耐|多少天|多少个?工作日|how long|how many (?:working )?days)[^?？。]{0,20}(?:审核|审批|批核|批出|回复|答复|review|approv|process|repl(?:y|ies)|respon)/,
    given:
      /(?:审核|审批|批核|处理|回复|答复|review|approv|process|repl(?:y|ies)|respon)[^.。;；]{0,40}\d+ ?(?:working )?(?:days?|个?工作日|天|日|minutes?|分钟|秒)|秒批|on the spot|即场|当场/,
  },
  // "How many" of a thing: a number of that kind of thing (people and uses are the usage cue's).
  {
    name: 'count',
    asked:
      /how many (?!people|users|times|days|working days|years|months|hours)|(?:多少|几多|(?<!哪)几)(?:个|项|间|家|部|台|名|类)(?!月|工作日|小时|钟)/,
    given:
      /\d[\d,.]* ?(?:million |thousand )?(?:[a-z-]+ ){0,2}(?:services?|items?|kiosks?|machines?|offices?|locations?|banks?|cities|scenarios?|slots?|tickets?|departments?|systems?|counters?|entities|institutions?)\b|(?:\d[\d,]*|[二三四五六七八九十百千两][一二三四五六七八九十百千两]*) ?(?:多)?(?:个|项|类|间|家|部|台|所|名|座|批|场景|部门|城市|银行)(?!月|工作日|小时|钟|星期)/,
  },
  // Another action on the same thing: what the record tells how to do is not changing, cancelling or
  // withdrawing it, nor what happens when one is late. The record must say so.
  {
    name: 'change',
    asked:
      /\b(?:change|amend|update|modify|correct)\w* (?:(?:the|my|our|its|their|a|an) )?(?:[a-z-]+ ){0,2}(?:e-?mail|address|phone|mobile|number|name|details?|particulars|contents?|terms|information)\b|\bamend|修改|更改|变更|(?:想|点|怎么|如何|可以|顺便)改|改(?:埋|咗|了)?[^\s，,。？?]{0,6}(?:地址|住址|号码|电话|邮箱|资料|内容|名字|姓名)/,
    given:
      /\bamend|\bmodif|\b(?:change|update)\w* (?:(?:of|to|the|your|its|their) )?(?:[a-z-]+ ){0,2}(?:e-?mail|address|phone|mobile|number|name|details?|particulars|contents?|terms|information)\b|修改|更改|变更/,
  },
  {
    name: 'withdrawal',
    asked:
      /\bwithdraw|\bcancel(?!led)(?![^?.]{0,40}(?:appointment|booking|slot))|\bterminat|\bderegist|\bclos(?:e|ing) (?:my|the|an?|our) (?:[a-z-]+ )?account|撤回|撤销|注销|销户|终止|取消(?:登记|备案|申请|账户|帐户|户口)/,
    given: /\bwithdr[ae]w|\bcancel|\bterminat|\bderegist|撤回|撤销|注销|销户|终止|取消/,
  },
  {
    name: 'lateness',
    asked:
      /\b(?:arriv\w*|come|coming|turn(?:ed)? up|am|are|is|was|running|too|fil\w*|submit\w*) (?:\w+ ){0,2}late\b|\blate (?:for|to|fil|submi|arriv)|penalt|\bfined?\b|迟到|迟(?:咗|了)|晚(?:咗|了)到|逾期|罚/,
    given: /\blate (?:arriv|comer|submi|fil|fee)|\bpenalt|\bfines?\b(?! tun)|迟到|逾期|罚|grace period|宽限/,
  },
  {
    name: 'validity',
    asked:
      /\bvalid (?:for|until)\b|\bvalidity\b|how long (?:is|will|does|would)\b[^?]{0,40}\b(?:valid|last)|有效期|有效几|几年有效|有效多久|用得几耐/,
    // A period: "valid for five years", "five-year validity", 有效期五年.
    given:
      /\bvalid (?:for|until) (?:\w+ ){0,2}(?:\d|one|two|three|four|five|six|seven|eight|nine|ten)|\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ](?:years?|months?)(?: of)? valid|validity (?:of|period)[^.;]{0,30}\d|有效期(?:为|是|:|：)? ?[0-9一二三四五六七八九十两]+ ?(?:年|个月)|[0-9一二三四五六七八九十两]+ ?(?:年|个月)有效/,
  },
  // A phone number of a kind (a Mainland mobile, a Hong Kong one) accepted for an account.
  {
    name: 'mobile number',
    asked: /\bmobile (?:phone )?(?:number|no)\b|\bphone number\b[^?]{0,30}\b(?:register|sign up|account|accept)|手机号/,
    given: /\b(?:mobile|phone) (?:phone )?(?:numbers?|no)\b|\bsms\b|手机号|电话号码|短信/,
  },
  // How many use it: a figure of its users.
  {
    name: 'users',
    asked: /how many (?:registered |active )?users|(?:多少|几多)(?:个)?(?:注册|活跃)?用户|用户(?:数|量)/,
    given:
      /\d[\d,.]* ?(?:million |thousand |万|亿)?(?:registered |active )?(?:users|用户)|(?:用户|users)[^.。;；]{0,12}\d/,
  },
  // How far ahead one may book, and how often: a window or a limit the record states.
  {
    name: 'booking window',
    asked: /days? (?:in )?(?:advance|ahead)|(?:提前|提早)(?:几|多少|几多)[天日]|(?:提前|提早)多久/,
    given:
      /\d+ ?(?:calendar |working )?days? (?:in advance|ahead|before)|(?:提前|提早)[0-9一二三四五六七八九十]+ ?(?:个)?(?:工作)?[天日]/,
  },
  {
    name: 'limit',
    asked:
      /how many times (?:can|may|could)|maximum number|\bat most\b|\blimit (?:on|to|of)\b|\bquota\b|最多(?:能|可以|可)?[^?？。]{0,6}(?:几|多少)|上限|限额|配额/,
    given: /\bat most\b|\bmaximum\b|\bup to \d|\blimit|\bquota|最多|上限|限额|配额|限[0-9一二三四五六七八九十]/,
  },
  // A failure to put right (a forgotten password, a check that keeps failing): the records tell how
  // to use a service, and answer only if they say what to do when it fails.
  {
    name: 'trouble',
    asked:
      /\bforg[eo]t|\breset\b|locked out|\bfail(?:s|ed|ing|ure)?\b|\berror\b|not working|doesn'?t work|忘记|忘(?:了|咗)|找回|攞返|重设|重置|失败|出错|错误|唔work|用唔到|登唔到|解锁|被锁/,
    // A notice that the service is down for maintenance answers "it is not working".
    given:
      /forg[eo]t|\breset|locked|\bfail|\berror|troubleshoot|maintenance|outage|忘记|重设|重置|失败|出错|解锁|维护|暂停服务/,
  },
  // Whether a document or account still works once expired, or once replaced (an old card found
  // again): the record must say what becomes of it in that state, not only how to get a new one.
  {
    name: 'state',
    asked:
      /(?:过期|过咗期|过了期|失效|旧证|旧卡|旧的|旧嘅|\bexpired\b|\blapsed\b|\bold (?:one|permit|card|licen[cs]e)\b)[^?？。]{0,24}(?:还|仲|\bstill\b)[^?？。]{0,10}(?:能|可以|用|有效|\bwork|\bvalid|\buse)/,
    given: /过期|失效|作废|注销|\bexpir|\binvalid|no longer valid|\blapsed|\bvoid\b/,
  },
  // Who made or runs a system: a record that does not name its maker does not answer.
  {
    name: 'maker',
    asked:
      /who (?:built|developed|made|designed|runs|operates|created)|which (?:company|vendor|firm)|谁开发|谁研发|谁做的|边个(?:开发|整|做)|哪家公司|哪间公司|边间公司|开发商|供应商|承建/,
    given:
      /developed by|built by|made by|provided by|vendor|supplier|开发商|供应商|承建|(?:由|与)[^\s，,。]{1,12}(?:开发|研发|打造|提供)/,
  },
];

/** The facets a folded question asks for. */
export const askedFacets = (folded: string): Facet[] => FACETS.filter((f) => f.asked.test(folded));

/** Whether a record's folded texts hold a value for every facet asked. */
export const givesAll = (asked: readonly Facet[], texts: readonly string[]): boolean =>
  asked.every((f) => texts.some((t) => f.given.test(t)));
