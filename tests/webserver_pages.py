"""The invented news stories the test web server publishes (all text written for these tests)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Story:
    path: str
    lang: str
    title: str
    description: str
    byline: str
    date: str
    paragraphs: tuple[str, ...]


ENGLISH = (
    Story(
        "/news/a.html",
        "en",
        "Regulator shuts 1,200 Weibo accounts over price rumours",
        "The Cyberspace Administration of China closed 1,200 Weibo accounts that spread false prices.",
        "By Helen Zhou",
        "2024-03-05",
        (
            "The Cyberspace Administration of China said on Tuesday that it had closed 1,200 accounts on "
            "Weibo which it accused of spreading invented claims about the price of pork.",
            "The Ministry of Public Security said 37 people in Henan province had been questioned over "
            "videos on Douyin that repeated the claims to about 2 million viewers.",
            "Weibo said it had deleted 8,400 posts and would label reposts of disputed figures within "
            "24 hours.",
        ),
    ),
    Story(
        "/news/b.html",
        "en",
        "Short-video apps told to limit minors to 40 minutes a day",
        "New rules from the Cyberspace Administration of China cap teenagers' time on Douyin and Kuaishou.",
        "By Martin Gao",
        "2024-03-11",
        (
            "Douyin and Kuaishou must stop users under 16 from watching more than 40 minutes of video a day, "
            "the Cyberspace Administration of China said in a notice published on Monday.",
            "The Ministry of Industry and Information Technology said phone makers would add a minors' mode "
            "to 95 percent of new handsets sold from September.",
        ),
    ),
    Story(
        "/news/c.html",
        "en",
        "Market watchdog fines delivery platform 730 million yuan",
        "The State Administration for Market Regulation fined Meituan for locking in merchants.",
        "By Priya Lin",
        "2024-03-19",
        (
            "The State Administration for Market Regulation fined Meituan 730 million yuan on Thursday for "
            "requiring restaurants to list their menus on no other delivery service.",
            "The regulator said about 16,000 merchants had been told they would lose their listings on "
            "Meituan if they joined a rival.",
            "Meituan said it accepted the penalty and would refund 120 million yuan in deposits it had "
            "collected from merchants.",
        ),
    ),
    Story(
        "/news/d.html",
        "en",
        "Six hundred firms seek approval to send data abroad",
        "The Cyberspace Administration of China has received 600 security assessments for data exports.",
        "By Tom Rui",
        "2024-04-02",
        (
            "The Cyberspace Administration of China said 600 companies, among them the ride-hailing app "
            "Didi, had filed security assessments before moving personal data out of the country.",
            "The agency said it had approved 212 of the filings and rejected 31 that lacked a named data "
            "protection officer.",
            "The Ministry of Commerce said the rules would not apply to shipping records of fewer than "
            "100,000 people a year.",
        ),
    ),
    Story(
        "/news/e.html",
        "en",
        "Live-stream sellers must show their real names",
        "The State Administration for Market Regulation orders Taobao Live hosts to display a licence.",
        "By Grace Feng",
        "2024-04-09",
        (
            "Hosts selling goods on Taobao Live must show a business licence on screen from May 1, the State "
            "Administration for Market Regulation said on Tuesday.",
            "The regulator said it had investigated 15,000 live-stream sellers last year and found that "
            "one in five gave a false address.",
        ),
    ),
    Story(
        "/news/f.html",
        "en",
        "Algorithm registry now lists 150 recommendation systems",
        "The Cyberspace Administration of China published the fourth batch of registered algorithms.",
        "By Daniel Xu",
        "2024-04-16",
        (
            "The Cyberspace Administration of China added 150 recommendation algorithms to its public "
            "registry on Friday, including the news feed of Toutiao.",
            "Each entry names the company, the purpose of the system and a contact for complaints, the "
            "agency said; 41 entries describe search ranking.",
            "The Ministry of Industry and Information Technology said it would check 30 of the registered "
            "apps for features the registry does not mention.",
        ),
    ),
    Story(
        "/news/g.html",
        "en",
        "Game regulator approves 87 new titles",
        "The National Press and Publication Administration approved 87 domestic games in April.",
        "By Lucy Wen",
        "2024-04-23",
        (
            "The National Press and Publication Administration approved 87 domestic online games on "
            "Wednesday, 12 of them mini-games that run inside WeChat.",
            "The administration said publishers had withdrawn 9 applications after it asked them to remove "
            "paid loot boxes for players under 18.",
        ),
    ),
    Story(
        "/news/h.html",
        "en",
        "AI images must carry a visible label, regulator says",
        "Xiaohongshu removed 2,300 unlabelled synthetic images after a Cyberspace Administration notice.",
        "By Omar Chen",
        "2024-05-07",
        (
            "Images and videos made with generative models must carry a visible label, the Cyberspace "
            "Administration of China told 12 platforms on Monday.",
            "Xiaohongshu said it had taken down 2,300 unlabelled synthetic pictures and warned 410 accounts "
            "that posted them.",
            "The Ministry of Public Security said it had opened 18 fraud cases involving faked voices of "
            "relatives.",
        ),
    ),
    Story(
        "/news/i.html",
        "en",
        "Ninety-three apps pulled for collecting too much data",
        "The Ministry of Industry and Information Technology ordered app stores to remove 93 apps.",
        "By Anna Qiu",
        "2024-05-14",
        (
            "The Ministry of Industry and Information Technology told Huawei AppGallery and other stores to "
            "remove 93 apps that read users' contact lists without asking.",
            "The ministry said the apps had been downloaded 46 million times and that their makers had 15 "
            "working days to fix them.",
        ),
    ),
    Story(
        "/news/j.html",
        "en",
        "Campaign against fan-club feuds removes 150,000 posts",
        "Bilibili and Weibo deleted posts in a Cyberspace Administration campaign on celebrity fan groups.",
        "By Kevin Tang",
        "2024-05-21",
        (
            "The Cyberspace Administration of China said a two-month campaign against abuse between "
            "celebrity fan clubs had removed 150,000 posts on Bilibili and Weibo.",
            "Bilibili said it had closed 3,900 accounts that paid users to vote in online popularity polls.",
            "The Ministry of Culture and Tourism said 26 talent agencies would be inspected by the end of "
            "June.",
        ),
    ),
    Story(
        "/news/k.html",
        "en",
        "Central bank tells payment apps to block crypto trades",
        "The People's Bank of China said Alipay froze 4,700 accounts linked to virtual currency trading.",
        "By Sara Mei",
        "2024-06-04",
        (
            "The People's Bank of China told 27 payment companies, Alipay among them, to refuse transfers "
            "that pay for virtual currencies.",
            "Alipay said it had frozen 4,700 accounts after noticing repeated transfers of exactly 5,000 "
            "yuan to strangers late at night.",
        ),
    ),
)

CHINESE = (
    Story(
        "/news/l.html",
        "zh",
        "国家网信办：清理抖音违规账号3.2万个",
        "国家互联网信息办公室通报，抖音平台清理传播虚假信息的账号3.2万个。",
        "记者 王晓明",
        "2024-03-08",
        (
            "国家互联网信息办公室8日通报，抖音平台在专项行动中清理传播虚假信息的违规账号3.2万个。",
            "公安部表示，已对其中46名组织炮制谣言的人员依法采取措施。",
            "抖音称，已下架相关视频12万条，并对转发量超过1000次的内容增加提示。",
        ),
    ),
    Story(
        "/news/m.html",
        "zh",
        "工信部通报58款违规收集个人信息的应用",
        "工业和信息化部要求华为应用市场等下架58款违规应用。",
        "记者 李静",
        "2024-03-27",
        (
            "工业和信息化部27日通报，58款应用存在超范围收集个人信息问题，已要求华为应用市场等平台下架。",
            "工业和信息化部表示，相关企业须在10个工作日内完成整改，逾期将依法处理。",
        ),
    ),
    Story(
        "/news/n.html",
        "zh",
        "市场监管总局对外卖平台罚款2.1亿元",
        "国家市场监督管理总局认定饿了么平台滥用市场支配地位。",
        "记者 陈刚",
        "2024-04-12",
        (
            "国家市场监督管理总局12日宣布，对饿了么平台处以罚款2.1亿元，原因是其强迫商户“二选一”。",
            "市场监管总局称，调查涉及全国约9000家餐饮商户。",
            "饿了么表示接受处罚，并将在30日内退还商户保证金。",
        ),
    ),
    Story(
        "/news/o.html",
        "zh",
        "国家新闻出版署发布105款网络游戏审批信息",
        "国家新闻出版署批准105款国产网络游戏，其中包括微信小游戏。",
        "记者 赵蕾",
        "2024-05-10",
        (
            "国家新闻出版署10日发布5月国产网络游戏审批信息，共有105款游戏获批。",
            "其中23款为微信小游戏，国家新闻出版署要求其落实未成年人防沉迷措施。",
        ),
    ),
    Story(
        "/news/p.html",
        "zh",
        "公安部：今年以来侦办网络谣言案件1860起",
        "公安部通报打击网络谣言专项行动成果，快手等平台配合处置。",
        "记者 刘洋",
        "2024-06-13",
        (
            "公安部13日通报，今年以来共侦办网络谣言案件1860起，关停违法账号2.4万个。",
            "快手平台配合处置相关视频5.6万条，并对76个多频道网络机构予以处罚。",
            "公安部提醒网民，在快手等平台转发信息前核实来源，今年已有312人因转发谣言被处罚。",
        ),
    ),
    Story(
        "/news/q.html",
        "zh",
        "广电总局整治微短剧，下架2.5万部",
        "国家广播电视总局开展微短剧专项整治，快手和抖音下架违规作品。",
        "记者 孙悦",
        "2024-06-20",
        (
            "国家广播电视总局20日表示，微短剧专项整治以来，各平台共下架违规微短剧2.5万部。",
            "快手和抖音分别处置违规账号1400个和2100个。",
        ),
    ),
    Story(
        "/news/r.html",
        "zh",
        "人民银行：支付平台冻结涉赌账户960个",
        "中国人民银行通报，微信支付冻结一批涉嫌参与网络赌博的账户。",
        "记者 周敏",
        "2024-07-02",
        (
            "中国人民银行2日通报，微信支付在排查中冻结涉嫌为网络赌博收款的账户960个。",
            "中国人民银行要求支付机构对单日转账超过50笔的个人账户开展核查。",
            "微信支付表示，已向公安机关移交线索310条。",
        ),
    ),
)

ARTICLES = ENGLISH + CHINESE

# the same kinds of story behind the routes that test transfer and charset handling
GZIP = Story(
    "/gzip.html",
    "en",
    "Search engines told to mark paid results",
    "The State Administration for Market Regulation says Baidu must label 100 percent of paid results.",
    "By Leo Han",
    "2024-07-09",
    (
        "Baidu and other search engines must label every paid result as an advertisement from September 1, "
        "the State Administration for Market Regulation said on Tuesday.",
        "The regulator said a sample of 5,000 searches found 640 paid results without a label.",
    ),
)
BROTLI = Story(
    "/brotli.html",
    "en",
    "Zhihu fined for failing to remove illegal content",
    "The Beijing office of the Cyberspace Administration of China fined Zhihu 2.2 million yuan.",
    "By Nina Shao",
    "2024-07-16",
    (
        "The Beijing office of the Cyberspace Administration of China fined Zhihu 2.2 million yuan for "
        "leaving up answers that the office had flagged.",
        "Zhihu said it had hired 300 more moderators and would answer complaints within 12 hours.",
    ),
)
CHUNKED = Story(
    "/chunked.html",
    "en",
    "Pinduoduo ordered to drop 7,000 counterfeit listings",
    "The State Administration for Market Regulation told Pinduoduo to remove fake branded goods.",
    "By Ivan Lu",
    "2024-07-23",
    (
        "The State Administration for Market Regulation ordered Pinduoduo to remove 7,000 listings of "
        "counterfeit sports shoes within a week.",
        "Pinduoduo said it had banned 260 shops and would pay buyers back three times the price.",
        "The Ministry of Public Security said it had raided 14 workshops in Fujian province.",
    ),
)
HEADER_CHARSET = Story(
    "/header-charset.html",
    "zh",
    "网信办约谈百度，要求整改搜索结果",
    "国家互联网信息办公室约谈百度公司负责人。",
    "记者 黄伟",
    "2024-08-01",
    (
        "国家互联网信息办公室1日约谈百度公司负责人，要求其清理搜索结果中的违规广告信息3200条。",
        "百度表示，将在15日内完成整改，并设立专门的投诉渠道。",
    ),
)
GBK = Story(
    "/gbk.html",
    "zh",
    "工信部开展电信诈骗专项治理，拦截短信8600万条",
    "工业和信息化部通报，各基础电信企业在微信等平台配合下拦截诈骗信息。",
    "记者 吴芳",
    "2024-08-15",
    (
        "工业和信息化部15日通报，专项治理期间共拦截诈骗短信8600万条，处置涉诈电话卡42万张。",
        "微信配合封禁涉诈账号1.7万个，工业和信息化部将继续加强监测。",
    ),
)
