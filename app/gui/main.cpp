// i2v-studio: creates the application, picks the language, loads the templates and shows the window.
#include "core/base/error.h"
#include "core/base/log.h"
#include "core/base/log_file.h"
#include "core/base/paths.h"
#include "core/engine/api/registry.h"
#include "core/engine/api/runtime_info.h"
#include "core/gpu/gpu_monitor.h"
#include "core/service/prompt_templates.h"
#include "ui/app_settings.h"
#include "ui/i18n.h"
#include "ui/main_window.h"
#include "ui/panels/input_panel.h"
#include "ui/startup_probe.h"
#include "ui/style.h"

#include <QApplication>
#include <QFile>
#include <QMessageBox>

#include <cstdio>

int main(int argc, char** argv)
{
    i2v::ui::StartupTimer startup;
    QApplication app(argc, argv);
    startup.mark(QStringLiteral("QApplication created"));
    QApplication::setOrganizationName(QStringLiteral("I2V Studio"));
    QApplication::setApplicationName(QStringLiteral("i2v-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("I2V Studio"));
    QApplication::setApplicationVersion(QStringLiteral(I2V_VERSION));
    // The desktop entry's id (packaging/linux): window managers match the window to its menu entry and icon.
    QApplication::setDesktopFileName(QStringLiteral("io.github.i2vstudio.I2VStudio"));

    i2v::ui::AppSettings settings;
    // One log file per run in <data folder>/logs (the oldest beyond 10 deleted, each capped at 5 MiB).
    const std::filesystem::path logFile =
        i2v::installLogFile(std::filesystem::path(settings.dataFolder().toStdString()) / "logs", "i2v-studio");
    i2v::logInfo("I2V Studio " I2V_VERSION " starting");
    startup.mark(QStringLiteral("settings + log"));
    const QString locale = i2v::ui::installTranslations(app, settings);
    startup.mark(QStringLiteral("translations"));
    i2v::ui::applyStudioStyle(app, settings.theme());
    startup.mark(QStringLiteral("style"));
    // LibTorch's set-up and the model scan start after the first paint (MainWindow::startBackgroundWork).
    // The memory gauge plots the engine's CUDA allocator (allocated / reserved / job peak) next to NVML.
    i2v::GpuMonitor::setAllocatorStatsHook([] {
        const i2v::AllocatorStats a = i2v::cudaAllocatorStats(0);
        return a.valid ? i2v::AllocatorReading{a.allocatedBytes, a.reservedBytes, a.peakAllocatedBytes}
                       : i2v::AllocatorReading{};
    });

    QFile builtin(QStringLiteral(":/templates/builtin.json"));
    builtin.open(QIODevice::ReadOnly);
    i2v::TemplateStore templates(i2v::userDataDir() / "templates.json", builtin.readAll().toStdString());
    try {
        templates.load();
    } catch (const i2v::I2vError& e) {
        QMessageBox::warning(nullptr, QApplication::translate("main", "I2V Studio"),
                             QApplication::translate("main", "Your templates could not be loaded: %1")
                                 .arg(QString::fromUtf8(e.what())));
    }

    templates.setTeamFolder(settings.teamTemplatesFolder().toStdString());

    startup.mark(QStringLiteral("templates"));
    i2v::ui::MainWindow window(&settings, &templates, locale);
    startup.mark(QStringLiteral("window built"));
    window.setLogFile(QString::fromStdString(logFile.string()));
    // The queue survives closing the app and crashes: restored here, saved on every change.
    window.restoreQueue(QString::fromStdString((i2v::userDataDir() / "queue.jsonl").string()));
    startup.mark(QStringLiteral("queue restored"));
    // --startup-benchmark (or I2V_STARTUP_BENCHMARK=1): print the time to the first paint and to the complete
    // engine list, then quit.
    QStringList files = app.arguments().mid(1);
    const bool benchmark = files.removeAll(QStringLiteral("--startup-benchmark")) > 0 ||
                           qEnvironmentVariableIsSet("I2V_STARTUP_BENCHMARK");
    auto* probe = new i2v::ui::FirstPaintProbe(&window);
    QObject::connect(probe, &i2v::ui::FirstPaintProbe::firstPaint, [&] {
        startup.mark(QStringLiteral("first paint"));
        if (benchmark)
            printf("first paint: %.0f ms after process start\n", i2v::ui::msSinceProcessStart());
    });
    QObject::connect(&window, &i2v::ui::MainWindow::modelsDiscovered, [&] {
        startup.mark(QStringLiteral("engine list complete (model scan on a pool thread)"));
        if (benchmark) {
            printf("engine list complete: %.0f ms after process start\n%s", i2v::ui::msSinceProcessStart(),
                   qPrintable(startup.report()));
            fflush(stdout);
            app.quit();
        }
    });
    window.show();
    startup.mark(QStringLiteral("shown"));
    if (!files.isEmpty())
        window.inputPanel()->handleFiles(files); // "i2v-studio photo.jpg" opens it
    return app.exec();
}
