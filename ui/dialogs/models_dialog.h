#pragma once
// "Get models…": the catalogue (resources/models/catalogue.json) with what is installed in the Hugging Face
// cache, what fits this GPU, and Download / Pause / Resume / Cancel / Remove with per-file and total
// progress. Downloads run in ModelDownloadManager's threads (owned by the main window), so closing the
// dialog does not stop them; the dialog only reads the manager's snapshot on a timer.

#include "core/hub/catalogue.h"

#include <QDialog>
#include <QMap>

#include <cstdint>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTimer;

namespace i2v {
class ModelDownloadManager;
}

namespace i2v {
namespace ui {

class ModelsDialog : public QDialog {
    Q_OBJECT
public:
    // `gpuBytes`: total memory of the GPU (0 = none / unknown) for the "fits" column.
    ModelsDialog(ModelDownloadManager& manager, std::int64_t gpuBytes, QWidget* parent = nullptr);

    QString selectedRepo() const;
    bool selectRepo(const QString& repoId);
    // Text of the status cell of `repoId` (tests and accessibility).
    QString statusText(const QString& repoId) const;

    QPushButton* downloadButton() const { return m_download; }
    QPushButton* pauseButton() const { return m_pause; }
    QPushButton* resumeButton() const { return m_resume; }
    QPushButton* cancelButton() const { return m_cancel; }
    QPushButton* removeButton() const { return m_remove; }

    // Re-reads the cache and the manager now (the timer does it every 250 ms).
    void refresh(bool rescanCache = false);

signals:
    // A download finished or a model was removed: the engine list should be rebuilt.
    void modelsChanged();

private:
    void startSelected();
    void removeSelected();
    void updateButtons();

    ModelDownloadManager& m_manager;
    std::int64_t m_gpuBytes;
    hub::Catalogue m_catalogue;
    QMap<QString, QString> m_installed; // repo -> "verified" / "complete" / "incomplete"
    QMap<QString, int> m_lastStates;    // repo -> DownloadState seen, to notice the end of a download
    std::uint64_t m_seenGeneration = 0;
    QTableWidget* m_table;
    QComboBox* m_variant;
    QPushButton* m_download;
    QPushButton* m_pause;
    QPushButton* m_resume;
    QPushButton* m_cancel;
    QPushButton* m_remove;
    QLabel* m_fileLabel;
    QProgressBar* m_fileBar;
    QProgressBar* m_totalBar;
    QLabel* m_rateLabel;
    QTimer* m_timer;
};

} // namespace ui
} // namespace i2v
