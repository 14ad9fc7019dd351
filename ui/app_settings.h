#pragma once
// AppSettings: every persistent preference of the studio, as typed accessors with their defaults in this
// one class (widgets never construct QSettings). Backed by QSettings (native format, organisation
// "I2V Studio", application "i2v-studio"), or by an INI file given explicitly (tests).

#include "core/service/cost.h"

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QVariantMap>

#include <memory>

class QSettings;

namespace i2v {
namespace ui {

class AppSettings {
public:
    AppSettings();                                  // the user's settings
    explicit AppSettings(const QString& iniFile);   // an explicit file (tests, portable use)
    ~AppSettings();
    AppSettings(const AppSettings&) = delete;
    AppSettings& operator=(const AppSettings&) = delete;

    // Folders. Defaults: the Pictures folder for images, the outputs folder for exports.
    QString lastImageFolder() const;
    void setLastImageFolder(const QString& dir);
    QString lastExportFolder() const;
    void setLastExportFolder(const QString& dir);
    // Where every result is saved automatically. Default: <Movies>/I2V Studio (else ~/I2V Studio).
    QString outputsFolder() const;
    void setOutputsFolder(const QString& dir);

    // The generation form as the user left it.
    QString lastPrompt() const;
    void setLastPrompt(const QString& text);
    QString lastNegativePrompt() const;
    void setLastNegativePrompt(const QString& text);
    QString lastModelKey() const;               // ModelSelector key: "family:<id>" or "folder:<path>"
    void setLastModelKey(const QString& key);
    QString lastDevice() const;                 // "auto", "cpu", "cuda", "cuda:N" (default "auto")
    void setLastDevice(const QString& device);
    QString lastDtype() const;                  // "auto", "float32", "float16", "bfloat16" (default "auto")
    void setLastDtype(const QString& dtype);
    QVariantMap lastParameters() const;         // ParamSpec name -> value (numbers, choice strings)
    void setLastParameters(const QVariantMap& values);
    qint64 seed() const;                        // default 42
    void setSeed(qint64 seed);
    bool seedLocked() const;                    // default false: a new random seed per Generate
    void setSeedLocked(bool locked);
    QStringList modelFolders() const;           // folders added with "Add model folder…"
    void setModelFolders(const QStringList& folders);

    // Export / playback.
    QString exportFormat() const;               // "mp4" (default), "webm", "gif", "png"
    void setExportFormat(const QString& format);
    int playbackFps() const;                    // 0 (default) = the clip's own fps
    void setPlaybackFps(int fps);

    // Window layout (QMainWindow::saveGeometry / saveState).
    QByteArray windowGeometry() const;
    void setWindowGeometry(const QByteArray& geometry);
    QByteArray windowState() const;
    void setWindowState(const QByteArray& state);

    // Out-of-memory ladder: retry a job once at the next smaller tier when the GPU runs out of memory.
    bool retrySmallerOnOutOfMemory() const;     // default true
    void setRetrySmallerOnOutOfMemory(bool on);

    // The loaded model stays in (GPU) memory between jobs; unloaded after this many minutes without a job
    // (0 = keep it loaded until "Unload model" or quitting). Default 10.
    int modelIdleUnloadMinutes() const;
    void setModelIdleUnloadMinutes(int minutes);
    // Low-VRAM mode: the text and image encoders wait in system RAM and visit the GPU only while they
    // run (engine: setLowVramMode). Default off.
    bool lowVramMode() const;
    void setLowVramMode(bool on);
    // The CLIP model (folder or ORG/NAME) that scores "Variations: N" (the request's scorer). Default empty:
    // a known CLIP model in the Hugging Face cache (core/service/best_of.h).
    QString scorerModel() const;
    void setScorerModel(const QString& spec);

    // Colours: "system" (default: the desktop's light or dark choice), "dark" or "light". Applies at once.
    QString theme() const;
    void setTheme(const QString& theme);

    // UI language override: "" = follow the system locale, else "en" or "zh_CN". Applies on restart.
    QString language() const;
    void setLanguage(const QString& language);

    // Studio records (history, thumbnails, logs, weight hash cache). Default: i2v::userDataDir().
    QString dataFolder() const;
    void setDataFolder(const QString& dir);
    // What the machine costs, for the cost per clip in the history. Default: Mode::None, currency "CNY".
    CostSettings cost() const;
    void setCost(const CostSettings& cost);
    // Read-only shared templates (e.g. a network drive); "" = none.
    QString teamTemplatesFolder() const;
    void setTeamTemplatesFolder(const QString& dir);

    void sync();

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace ui
} // namespace i2v
