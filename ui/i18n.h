#pragma once
// Language selection: the override from AppSettings when set ("en", "zh_CN"), else the system locale.
// Installs the studio's translation (embedded .qm under :/i18n) and Qt's own when available.

#include <QString>

class QCoreApplication;
class QKeySequence;

namespace i2v {
namespace ui {

class AppSettings;

// Returns the locale name in use ("zh_CN" or "en"); languages without a translation fall back to "en".
QString installTranslations(QCoreApplication& app, const AppSettings& settings);
// Resolves the language alone: override, else `systemLocale` (e.g. "zh_CN", "zh_TW", "de_DE").
QString resolveLanguage(const QString& overrideLanguage, const QString& systemLocale);
// Makes sure the embedded resources (icons, templates, translations) are registered (static library).
void initResources();
// A tooltip that names its shortcut: "Make the clip (Ctrl+Return)", in the platform's key names and the
// language's punctuation. `key` empty: `text` alone.
QString withShortcut(const QString& text, const QKeySequence& key);

} // namespace ui
} // namespace i2v
