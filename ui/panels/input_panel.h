#pragma once
// Input panel: the still image. Accepts drops from a file manager (file URLs, a dropped text URL to a
// local file, raw image data), Open…, and paste from the clipboard. Shows the thumbnail, pixel size, file
// size and warnings (too small, unusual aspect). Decoding runs on the thread pool through core/media.
// Several images dropped at once: the first becomes the input and batchDropped() lists all of them (the
// window queues one job each). An exported clip or its sidecar JSON: recipeDropped() (the window
// restores the recipe).

#include "core/base/error.h"
#include "core/base/image.h"

#include <QFrame>
#include <QStringList>

#include <memory>

class QLabel;
class QMimeData;
class QPushButton;

namespace i2v {
namespace ui {

class InputPanel : public QFrame {
    Q_OBJECT
public:
    explicit InputPanel(QWidget* parent = nullptr);

    bool hasImage() const { return m_image != nullptr; }
    std::shared_ptr<const Image> image() const { return m_image; }
    QString imagePath() const { return m_path; } // empty for pasted images
    QStringList warnings() const { return m_warnings; }

    // Everything a drop or paste can carry. Returns false when nothing usable was found.
    bool handleMimeData(const QMimeData* mime);
    // Dispatches files by type (images, clips, sidecar JSON). Returns false when none is usable.
    bool handleFiles(const QStringList& paths);
    // Loads one image file as the input (asynchronously; imageLoaded or loadFailed follows).
    void loadFile(const QString& path);
    void setImage(std::shared_ptr<const Image> image, const QString& path, qint64 fileBytes);
    void openDialog();
    void pasteFromClipboard();

    static bool isImageFile(const QString& path);
    static bool isClipFile(const QString& path);

signals:
    void imageLoaded(const QString& path);
    void loadFailed(const i2v::Error& error);
    void batchDropped(const QStringList& imagePaths);
    void recipeDropped(const QString& clipOrSidecarPath);
    void folderUsed(const QString& folder);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dragLeaveEvent(QDragLeaveEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void setHighlighted(bool on);
    void updateView(qint64 fileBytes);

    std::shared_ptr<const Image> m_image;
    QString m_path;
    QStringList m_warnings;
    QLabel* m_thumbnail;
    QLabel* m_info;
    QLabel* m_warningLabel;
    QPushButton* m_open;
    QPushButton* m_paste;
    int m_loadGeneration = 0; // a newer load supersedes an older one still decoding
};

} // namespace ui
} // namespace i2v
