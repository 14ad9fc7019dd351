#include "ui/app_settings.h"

#include <algorithm>

#include "core/base/paths.h"

#include <QDir>
#include <QSettings>
#include <QStandardPaths>

namespace i2v {
namespace ui {
namespace {

// Keys in one place.
constexpr auto kLastImageFolder = "folders/lastImage";
constexpr auto kLastExportFolder = "folders/lastExport";
constexpr auto kOutputsFolder = "folders/outputs";
constexpr auto kLastPrompt = "form/prompt";
constexpr auto kLastNegativePrompt = "form/negativePrompt";
constexpr auto kLastModelKey = "form/model";
constexpr auto kLastParameters = "form/parameters";
constexpr auto kLastDevice = "form/device";
constexpr auto kLastDtype = "form/dtype";
constexpr auto kSeed = "form/seed";
constexpr auto kSeedLocked = "form/seedLocked";
constexpr auto kModelFolders = "models/folders";
constexpr auto kExportFormat = "export/format";
constexpr auto kPlaybackFps = "preview/fps";
constexpr auto kGeometry = "window/geometry";
constexpr auto kState = "window/state";
constexpr auto kLanguage = "ui/language";
constexpr auto kTheme = "ui/theme";
constexpr auto kRetryOutOfMemory = "jobs/retrySmallerOnOutOfMemory";
constexpr auto kIdleUnloadMinutes = "memory/idleUnloadMinutes";
constexpr auto kLowVram = "memory/lowVram";
constexpr auto kScorerModel = "bestOf/scorer";
constexpr auto kDataFolder = "folders/data";
constexpr auto kCostMode = "cost/mode"; // "none", "gpu-hour", "power"
constexpr auto kCostPerHour = "cost/pricePerGpuHour";
constexpr auto kCostWatts = "cost/powerWatts";
constexpr auto kCostPerKwh = "cost/pricePerKwh";
constexpr auto kCostCurrency = "cost/currency";
constexpr auto kTeamTemplates = "templates/teamFolder";

QString defaultOutputsFolder()
{
    QString base = QStandardPaths::writableLocation(QStandardPaths::MoviesLocation);
    if (base.isEmpty())
        base = QDir::homePath();
    return QDir(base).filePath(QStringLiteral("I2V Studio"));
}

} // namespace

AppSettings::AppSettings()
    : m_settings(std::make_unique<QSettings>(QStringLiteral("I2V Studio"), QStringLiteral("i2v-studio")))
{
}

AppSettings::AppSettings(const QString& iniFile)
    : m_settings(std::make_unique<QSettings>(iniFile, QSettings::IniFormat))
{
}

AppSettings::~AppSettings() = default;

QString AppSettings::lastImageFolder() const
{
    return m_settings->value(kLastImageFolder, QStandardPaths::writableLocation(QStandardPaths::PicturesLocation))
        .toString();
}
void AppSettings::setLastImageFolder(const QString& dir) { m_settings->setValue(kLastImageFolder, dir); }

QString AppSettings::lastExportFolder() const { return m_settings->value(kLastExportFolder, outputsFolder()).toString(); }
void AppSettings::setLastExportFolder(const QString& dir) { m_settings->setValue(kLastExportFolder, dir); }

QString AppSettings::outputsFolder() const { return m_settings->value(kOutputsFolder, defaultOutputsFolder()).toString(); }
void AppSettings::setOutputsFolder(const QString& dir) { m_settings->setValue(kOutputsFolder, dir); }

QString AppSettings::lastPrompt() const { return m_settings->value(kLastPrompt).toString(); }
void AppSettings::setLastPrompt(const QString& text) { m_settings->setValue(kLastPrompt, text); }

QString AppSettings::lastNegativePrompt() const { return m_settings->value(kLastNegativePrompt).toString(); }
void AppSettings::setLastNegativePrompt(const QString& text) { m_settings->setValue(kLastNegativePrompt, text); }

QString AppSettings::lastModelKey() const { return m_settings->value(kLastModelKey).toString(); }
void AppSettings::setLastModelKey(const QString& key) { m_settings->setValue(kLastModelKey, key); }

QString AppSettings::lastDevice() const { return m_settings->value(kLastDevice, QStringLiteral("auto")).toString(); }
void AppSettings::setLastDevice(const QString& device) { m_settings->setValue(kLastDevice, device); }
QString AppSettings::lastDtype() const { return m_settings->value(kLastDtype, QStringLiteral("auto")).toString(); }
void AppSettings::setLastDtype(const QString& dtype) { m_settings->setValue(kLastDtype, dtype); }

QVariantMap AppSettings::lastParameters() const { return m_settings->value(kLastParameters).toMap(); }
void AppSettings::setLastParameters(const QVariantMap& values) { m_settings->setValue(kLastParameters, values); }

qint64 AppSettings::seed() const { return m_settings->value(kSeed, 42).toLongLong(); }
void AppSettings::setSeed(qint64 seed) { m_settings->setValue(kSeed, seed); }

bool AppSettings::seedLocked() const { return m_settings->value(kSeedLocked, false).toBool(); }
void AppSettings::setSeedLocked(bool locked) { m_settings->setValue(kSeedLocked, locked); }

bool AppSettings::retrySmallerOnOutOfMemory() const { return m_settings->value(kRetryOutOfMemory, true).toBool(); }
void AppSettings::setRetrySmallerOnOutOfMemory(bool on) { m_settings->setValue(kRetryOutOfMemory, on); }

int AppSettings::modelIdleUnloadMinutes() const
{
    return std::clamp(m_settings->value(kIdleUnloadMinutes, 10).toInt(), 0, 24 * 60);
}
void AppSettings::setModelIdleUnloadMinutes(int minutes) { m_settings->setValue(kIdleUnloadMinutes, minutes); }
bool AppSettings::lowVramMode() const { return m_settings->value(kLowVram, false).toBool(); }
void AppSettings::setLowVramMode(bool on) { m_settings->setValue(kLowVram, on); }
QString AppSettings::scorerModel() const { return m_settings->value(kScorerModel, QString()).toString(); }
void AppSettings::setScorerModel(const QString& spec) { m_settings->setValue(kScorerModel, spec.trimmed()); }

QStringList AppSettings::modelFolders() const { return m_settings->value(kModelFolders).toStringList(); }
void AppSettings::setModelFolders(const QStringList& folders) { m_settings->setValue(kModelFolders, folders); }

QString AppSettings::exportFormat() const { return m_settings->value(kExportFormat, QStringLiteral("mp4")).toString(); }
void AppSettings::setExportFormat(const QString& format) { m_settings->setValue(kExportFormat, format); }

int AppSettings::playbackFps() const { return m_settings->value(kPlaybackFps, 0).toInt(); }
void AppSettings::setPlaybackFps(int fps) { m_settings->setValue(kPlaybackFps, fps); }

QByteArray AppSettings::windowGeometry() const { return m_settings->value(kGeometry).toByteArray(); }
void AppSettings::setWindowGeometry(const QByteArray& geometry) { m_settings->setValue(kGeometry, geometry); }

QByteArray AppSettings::windowState() const { return m_settings->value(kState).toByteArray(); }
void AppSettings::setWindowState(const QByteArray& state) { m_settings->setValue(kState, state); }

QString AppSettings::theme() const
{
    const QString t = m_settings->value(kTheme, QStringLiteral("system")).toString();
    return t == QLatin1String("dark") || t == QLatin1String("light") ? t : QStringLiteral("system");
}
void AppSettings::setTheme(const QString& theme) { m_settings->setValue(kTheme, theme); }

QString AppSettings::language() const { return m_settings->value(kLanguage).toString(); }
void AppSettings::setLanguage(const QString& language) { m_settings->setValue(kLanguage, language); }

QString AppSettings::dataFolder() const
{
    return m_settings->value(kDataFolder, QString::fromStdString(userDataDir().string())).toString();
}
void AppSettings::setDataFolder(const QString& dir) { m_settings->setValue(kDataFolder, dir); }

CostSettings AppSettings::cost() const
{
    CostSettings c;
    const QString mode = m_settings->value(kCostMode, QStringLiteral("none")).toString();
    c.mode = mode == QLatin1String("gpu-hour") ? CostSettings::Mode::PerGpuHour
             : mode == QLatin1String("power")  ? CostSettings::Mode::PowerDraw
                                               : CostSettings::Mode::None;
    c.pricePerGpuHour = m_settings->value(kCostPerHour, 0.0).toDouble();
    c.powerWatts = m_settings->value(kCostWatts, 0.0).toDouble();
    c.pricePerKwh = m_settings->value(kCostPerKwh, 0.0).toDouble();
    c.currency = m_settings->value(kCostCurrency, QStringLiteral("CNY")).toString().toStdString();
    return c;
}
void AppSettings::setCost(const CostSettings& c)
{
    m_settings->setValue(kCostMode, c.mode == CostSettings::Mode::PerGpuHour ? QStringLiteral("gpu-hour")
                                    : c.mode == CostSettings::Mode::PowerDraw ? QStringLiteral("power")
                                                                              : QStringLiteral("none"));
    m_settings->setValue(kCostPerHour, c.pricePerGpuHour);
    m_settings->setValue(kCostWatts, c.powerWatts);
    m_settings->setValue(kCostPerKwh, c.pricePerKwh);
    m_settings->setValue(kCostCurrency, QString::fromStdString(c.currency));
}

QString AppSettings::teamTemplatesFolder() const { return m_settings->value(kTeamTemplates).toString(); }
void AppSettings::setTeamTemplatesFolder(const QString& dir) { m_settings->setValue(kTeamTemplates, dir); }

void AppSettings::sync() { m_settings->sync(); }

} // namespace ui
} // namespace i2v
