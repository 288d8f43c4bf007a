/** What the audit command line prints (src/cli/audit.ts), Chinese first; `--lang en` prints the English. */
export const cliZh = {
  usage: `用法：npm run --silent audit -- <宗地文件.geojson | 数据集文件夹 | 宗地.zip | 宗地.shp> [选项]
  --as-of YYYY-MM-DD     评估基准日（默认：dataset.json 中的 asOfDate；单个宗地文件默认为今天）
  --rules 文件           用此规则文件代替数据集的规则
  --cm 114               不带带号的高斯-克吕格坐标的中央经线（°E，3 的倍数，75–135）
  --crs EPSG:代码        输入的坐标系，如 EPSG:4490（经纬度）、EPSG:4526（3° 带第 38 带）、EPSG:4498（6° 带第 20 带）；
                         GCJ-02、BD-09：网络地图的加偏经纬度（高德、腾讯；百度），转换为 WGS84（优先于 .prj）
  --encoding gbk|utf-8|big5   Shapefile 属性（.dbf）的编码（默认：据 .cpg、.dbf 语言标识或内容判断）
  --join 表格.csv|.xlsx --key 字段 [--join-key 列]
                         把表格按关联值接到宗地上：--key 为宗地的字段，--join-key 为表格的列（默认与 --key 同名）；
                         一行对应多宗地时（如按统一社会信用代码），数量指标按宗地面积分摊
  --join-encoding gbk|utf-8   CSV 表格的编码（默认：据字节顺序标记或内容判断）
  --sheet 名称           读取 .xlsx 的此工作表（默认第一个）
  --layer 名称           压缩包中有多个 Shapefile 时读取此图层（默认第一个）
  --map 字段对应.json    字段对应文件（应用中保存的同一格式）；默认按预设（地籍数据库字段名等）猜测
  --format json|csv|geojson   报告格式（默认 json）
  --out 文件             报告写入此文件（写完整后才替换；默认写到标准输出）
  --lang zh|en           报告与提示的语言（默认 zh）
  --threads N            分析宗地的线程数（默认：40 MB 以上的宗地文件每核一个，最多 4 个，否则 1 个）；报告与线程数无关
  --tiles 目录|文件.pmtiles [--tiles-min-parcels 20000] [--tiles-zoom 11-14]
                         宗地不少于 --tiles-min-parcels 宗时，另写出矢量切片（图层 "parcels"）：路径以 .pmtiles 结尾时
                         写一个 PMTiles 文件，否则写 {z}/{x}/{y}.pbf 文件夹；在 dataset.json 的 layers.parcelTiles 中
                         指定后，应用即从切片绘制宗地。
  核查宗地：面积、投资强度等指标、闲置土地、低效用地、违反供地条件、批供用阶段（批而未供 … 建而未投）、逾期开工与逾期竣工、
  规划冲突与疑似违法占用、亩均效益评价等级；报告注明所用规则的版本（评估基准日所适用的控制指标版本）。
  退出码 0：已生成报告（数据问题列在其中）；1：没有读到可用的宗地；2：用法错误。`,
  usageError: 'audit：{{message}}',
  error: {
    oneInput: '请给出一个输入：一个 .geojson 文件、一个数据集文件夹、一个压缩的 Shapefile（.zip）或一个 .shp',
    joinWithoutKey: '--join 需要同时给出 --key（宗地的关联字段）',
    keyWithoutJoin: '{{option}} 只能与 --join 一起使用',
    joinMissing: '表格 {{path}} 不存在',
    mapMissing: '字段对应文件 {{path}} 不存在',
    badMap: '字段对应文件 {{path}} 有误：{{detail}}',
    encoding: '{{option}} 必须是 gbk、utf-8、big5 或 windows-1252，不能是 {{value}}',
    importOnFolder: '{{option}} 只能用于导入的文件（.zip、.shp、.geojson），不能用于数据集文件夹',
    missingInput: '{{path}} 不存在',
    unreadableInput: '{{path}} 无法读取（{{detail}}）',
    format: '--format 必须是 json、csv 或 geojson，不能是 {{value}}',
    asOf: '--as-of 必须是 YYYY-MM-DD 格式的有效日期，不能是 {{value}}',
    cm: '--cm 必须是 3° 或 6° 带的中央经线（75–135 之间 3 的倍数，如 114），不能是 {{value}}',
    crs: '--crs 必须是 EPSG:4490、EPSG:4326、CGCS2000 3° 带（EPSG:4513–4554）或 6° 带（EPSG:4491–4512）之一，或 GCJ-02、BD-09，不能是 {{value}}',
    cmAndCrs: '--cm 与 --crs 只能给出一个',
    lang: '--lang 必须是 zh 或 en，不能是 {{value}}',
    rulesMissing: '规则文件 {{path}} 不存在',
    notAFile: '{{path}} 不是文件',
    tilesMin: '--tiles-min-parcels 必须是非负整数，不能是 {{value}}',
    tilesZoom: '--tiles-zoom 必须写成 最小-最大，且最大不超过 18，如 10-14，不能是 {{value}}',
    threads: '--threads 必须是 1–64 的整数，不能是 {{value}}',
    outFolderMissing: '{{option}} 的文件夹 {{folder}} 不存在',
    outIsFolder: '{{option}} {{path}} 是文件夹，请给出文件名',
    outIsInput: '{{option}} {{path}} 是本次读取的输入文件（{{input}}）：报告不能覆盖输入',
    outSame: '--out 与 --tiles 不能是同一个文件',
    tilesIsFile: '--tiles {{path}} 是文件：请给出文件夹，或以 .pmtiles 结尾的文件名',
    unknownOption: '未知选项 {{option}}',
    missingValue: '选项 {{option}} 缺少值',
    badOption: '选项有误：{{detail}}',
  },
  cannotWrite: 'audit：无法写入 {{path}}（{{detail}}）；未留下不完整的文件',
  internalError: 'audit：内部错误（这是程序的缺陷，请报告）：{{detail}}',
  progress: '  已分析 {{done}} / {{total}} 个要素',
  moreProblems: '… 另有 {{count}} 个问题，见报告',
  workerFailed: 'audit：一个工作线程出错（{{detail}}）；它的部分已在主线程分析',
  tilesWorkerFailed: 'audit：一个工作线程出错（{{detail}}）；它的切片已在主线程生成',
  tilesSkipped: '未写切片：只有 {{count}} 宗，少于 --tiles-min-parcels {{min}}（一个 GeoJSON 数据源已足够）',
  tilesWrittenArchive: '已写出 PMTiles 文件（{{mb}} MB，缩放级别 {{minZoom}}–{{maxZoom}}）：{{path}}',
  tilesWrittenFolder: '已写出 {{count}} 个矢量切片（{{mb}} MB，缩放级别 {{minZoom}}–{{maxZoom}}）：{{path}}',
  summary:
    '评估基准日 {{asOf}}{{asOfNote}}：{{parcels}} 宗地，{{areaMu}} 亩；闲置 {{idle}} 宗，疑似闲置 {{suspected}} 宗，低效 {{low}} 宗，违反供地条件 {{breach}} 宗，规划冲突 {{conflict}} 宗，疑似违法占地 {{illegal}} 宗，逾期未动工 {{overdueStart}} 宗，逾期未竣工 {{overdueCompletion}} 宗；数据问题 {{errors}} 个错误、{{warnings}} 个警告',
  asOfToday: '（未给出 --as-of，取今天）',
  asOfNone: '—',
  problemLine: '{{severity}} {{file}}{{where}}{{property}}：{{message}}',
  feature: ' 要素 #{{index}}',
  featureWithId: ' 要素 #{{index}}（编号 {{id}}）',
  severity: { error: '错误', warning: '警告' },
};

export type CliResources = typeof cliZh;

export const cliEn: CliResources = {
  usage: `usage: npm run --silent audit -- <parcels.geojson | dataset folder | parcels.zip | parcels.shp> [options]
  --as-of YYYY-MM-DD     the as-of date (default: asOfDate of dataset.json; today for a lone parcels file)
  --rules FILE           use this rules file instead of the dataset's
  --cm 114               central meridian (°E, a multiple of 3 from 75 to 135) of Gauss–Krüger input without a zone prefix
  --crs EPSG:CODE        the input's coordinate system, e.g. EPSG:4490 (lon/lat), EPSG:4526 (3° zone 38), EPSG:4498 (6° zone 20);
                         GCJ-02, BD-09: the offset lon/lat of Chinese web maps (Amap, Tencent; Baidu), taken to WGS84 (wins
                         over a .prj)
  --encoding gbk|utf-8|big5   the encoding of a Shapefile's attributes (.dbf) (default: from the .cpg, the .dbf's
                         language byte or its bytes)
  --join TABLE.csv|.xlsx --key FIELD [--join-key COLUMN]
                         joins a table to the parcels: --key is the parcels' field, --join-key the table's column (default:
                         the same name); a row for several parcels (by credit code, say) has its amounts shared by area
  --join-encoding gbk|utf-8   the encoding of a CSV table (default: from its byte order mark or its bytes)
  --sheet NAME           read this sheet of an .xlsx (default: the first)
  --layer NAME           the Shapefile to read when a zip holds several (default: the first)
  --map MAPPING.json     a field mapping file (the format the app saves); default: the preset's guess (cadastral names …)
  --format json|csv|geojson   the report's format (default json)
  --out FILE             write the report to FILE (put in place only when complete; default: standard output)
  --lang zh|en           the language of the report and messages (default zh)
  --threads N            threads that analyse the parcels (default: one per core, up to 4, for a parcels file of
                         40 MB or more, else one); the report is the same whatever the number
  --tiles DIR|FILE.pmtiles [--tiles-min-parcels 20000] [--tiles-zoom 11-14]
                         also writes the parcels as vector tiles (layer "parcels") when there are at least
                         --tiles-min-parcels of them: one PMTiles archive when the path ends in .pmtiles, else a folder
                         of {z}/{x}/{y}.pbf; name it in dataset.json as layers.parcelTiles and the app draws from it.
  Audits parcels: areas, intensities, idle and low-efficiency land, supply breaches, stages (批而未供 … 建而未投),
  overdue starts and completions, planning conflicts and suspected illegal occupation, 亩均效益 grades; the report
  names the rules' version (the edition of the control indicators the as-of date picks).
  Exit 0: a report was produced (problems are listed in it); 1: no usable parcel was read; 2: usage error.`,
  usageError: 'audit: {{message}}',
  error: {
    oneInput: 'give exactly one input: a .geojson file, a dataset folder, a zipped Shapefile (.zip) or a .shp',
    joinWithoutKey: '--join needs --key (the parcels’ field to join by)',
    keyWithoutJoin: '{{option}} goes with --join only',
    joinMissing: 'table {{path}} does not exist',
    mapMissing: 'mapping file {{path}} does not exist',
    badMap: 'mapping file {{path}} is not valid: {{detail}}',
    encoding: '{{option}} must be gbk, utf-8, big5 or windows-1252, not {{value}}',
    importOnFolder: '{{option}} applies to imported files (.zip, .shp, .geojson), not to a dataset folder',
    missingInput: '{{path}} does not exist',
    unreadableInput: '{{path}} cannot be read ({{detail}})',
    format: '--format must be json, csv or geojson, not {{value}}',
    asOf: '--as-of must be a valid date YYYY-MM-DD, not {{value}}',
    cm: '--cm must be the central meridian of a 3° or 6° zone (a multiple of 3 from 75 to 135, e.g. 114), not {{value}}',
    crs: '--crs must be EPSG:4490, EPSG:4326, a CGCS2000 3° zone (EPSG:4513–4554) or 6° zone (EPSG:4491–4512), GCJ-02 or BD-09, not {{value}}',
    cmAndCrs: 'give --cm or --crs, not both',
    lang: '--lang must be zh or en, not {{value}}',
    rulesMissing: 'rules file {{path}} does not exist',
    notAFile: '{{path}} is not a file',
    tilesMin: '--tiles-min-parcels must be a whole number, not {{value}}',
    tilesZoom: '--tiles-zoom must be MIN-MAX with MAX ≤ 18, e.g. 10-14, not {{value}}',
    threads: '--threads must be a whole number from 1 to 64, not {{value}}',
    outFolderMissing: 'the folder {{folder}} of {{option}} does not exist',
    outIsFolder: '{{option}} {{path}} is a folder: give a file name',
    outIsInput: '{{option}} {{path}} is an input of this audit ({{input}}): a report never replaces its input',
    outSame: '--out and --tiles must not be the same file',
    tilesIsFile: '--tiles {{path}} is a file: give a folder, or a file name ending in .pmtiles',
    unknownOption: 'unknown option {{option}}',
    missingValue: 'option {{option}} needs a value',
    badOption: 'bad options: {{detail}}',
  },
  cannotWrite: 'audit: cannot write {{path}} ({{detail}}); no partial file was left',
  internalError: 'audit: internal error (a bug in ParkAtlas, please report it): {{detail}}',
  progress: '  analysed {{done}} / {{total}} features',
  moreProblems: '… {{count}} more problems in the report',
  workerFailed: 'audit: a worker thread failed ({{detail}}); its parts were analysed on the main thread',
  tilesWorkerFailed: 'audit: a worker thread failed ({{detail}}); its tiles were cut on the main thread',
  tilesSkipped: 'tiles not written: {{count}} parcels, below --tiles-min-parcels {{min}} (one GeoJSON source is enough)',
  tilesWrittenArchive: 'wrote a PMTiles archive ({{mb}} MB, zoom {{minZoom}}–{{maxZoom}}) to {{path}}',
  tilesWrittenFolder: 'wrote {{count}} vector tiles ({{mb}} MB, zoom {{minZoom}}–{{maxZoom}}) to {{path}}',
  summary:
    'as of {{asOf}}{{asOfNote}}: {{parcels}} parcels, {{areaMu}} mu; idle {{idle}}, suspected idle {{suspected}}, low-efficiency {{low}}, supply conditions breached {{breach}}, conflicts {{conflict}}, suspected illegal occupation {{illegal}}, start overdue {{overdueStart}}, completion overdue {{overdueCompletion}}; problems: {{errors}} errors, {{warnings}} warnings',
  asOfToday: ' (today: no --as-of given)',
  asOfNone: '—',
  problemLine: '{{severity}} {{file}}{{where}}{{property}}: {{message}}',
  feature: ' feature #{{index}}',
  featureWithId: ' feature #{{index}} (id {{id}})',
  severity: { error: 'ERROR', warning: 'WARNING' },
};
