using System.Reflection;
using System.Runtime.Loader;
using WeQuick.Agent;

namespace WeQuick.Cli;

/// <summary>
/// The backends <c>wequick agent</c> can run, by name: the built-in ones and those found in <c>--backend-assembly</c>
/// files (every public class implementing <see cref="IAgentBackendProvider"/> with a public parameterless constructor).
/// </summary>
internal sealed class AgentBackendCatalog
{
    private readonly OrderedDictionary<string, (IAgentBackendProvider Provider, string Source)> _byName = new(StringComparer.OrdinalIgnoreCase);

    private AgentBackendCatalog()
    {
    }

    /// <summary>The built-in backends and those of the assembly files; a file that gives none, or a name given twice, is a usage error.</summary>
    public static AgentBackendCatalog Load(IEnumerable<IAgentBackendProvider> builtIn, IEnumerable<string> assemblyPaths)
    {
        var catalog = new AgentBackendCatalog();
        foreach (var provider in builtIn)
        {
            catalog.Add(provider, "wequick itself");
        }

        foreach (var path in assemblyPaths.DistinctBy(Path.GetFullPath))
        {
            foreach (var provider in LoadProviders(path))
            {
                catalog.Add(provider, path);
            }
        }

        return catalog;
    }

    /// <summary>The backend of that name; an unknown name is a usage error listing the known ones.</summary>
    public IAgentBackendProvider Find(string name) =>
        _byName.TryGetValue(name, out var b)
            ? b.Provider
            : throw new CliUsageException($"--backend: unknown backend '{name}'. The known backends (add more with --backend-assembly PATH):{Environment.NewLine}{Known}");

    /// <summary>The known backends, one per line: name and description.</summary>
    private string Known => string.Join(Environment.NewLine, _byName.Values.Select(b => $"  {b.Provider.Name,-12} {b.Provider.Description}"));

    private void Add(IAgentBackendProvider provider, string source)
    {
        var name = provider.Name;
        if (string.IsNullOrEmpty(name) || name.Any(char.IsWhiteSpace))
        {
            throw new CliUsageException($"--backend-assembly {source}: {provider.GetType().FullName} has the name '{name}', which cannot be typed after --backend");
        }

        if (!_byName.TryAdd(name, (provider, source)))
        {
            throw new CliUsageException($"--backend-assembly {source}: a backend named '{name}' is already given by {_byName[name].Source}");
        }
    }

    private static List<IAgentBackendProvider> LoadProviders(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new CliUsageException($"--backend-assembly {path}: no such file");
        }

        Type[] types;
        try
        {
            types = new BackendLoadContext(fullPath).LoadFromAssemblyPath(fullPath).GetExportedTypes();
        }
        catch (Exception ex) when (ex is IOException or BadImageFormatException or TypeLoadException or ReflectionTypeLoadException)
        {
            throw new CliUsageException($"--backend-assembly {path}: cannot load it: {ex.Message}");
        }

        var providers = types
            .Where(t => t is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && typeof(IAgentBackendProvider).IsAssignableFrom(t))
            .Select(t => Create(t, path))
            .ToList();
        if (providers.Count == 0)
        {
            throw new CliUsageException($"--backend-assembly {path}: it has no public class implementing {typeof(IAgentBackendProvider).FullName}");
        }

        return providers;
    }

    private static IAgentBackendProvider Create(Type type, string path)
    {
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new CliUsageException($"--backend-assembly {path}: {type.FullName} has no public parameterless constructor");
        }

        try
        {
            return (IAgentBackendProvider)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException ex)
        {
            throw new CliUsageException($"--backend-assembly {path}: {type.FullName} failed to start: {ex.InnerException?.Message ?? ex.Message}");
        }
    }

    /// <summary>
    /// Loads a backend assembly and its own dependencies (its <c>.deps.json</c>, else its folder). The assemblies whose
    /// types cross between wequick and the backend — WeQuick.Agent, WeQuick.Protocol and the Microsoft.Extensions.*
    /// that wequick has — are wequick's, so the backend's <see cref="IWeChatBackend"/> is the one the agent knows.
    /// </summary>
    private sealed class BackendLoadContext(string path) : AssemblyLoadContext($"wequick backend {Path.GetFileName(path)}")
    {
        private static readonly string[] Shared = [typeof(IWeChatBackend).Assembly.GetName().Name!, typeof(Protocol.Report).Assembly.GetName().Name!];

        private readonly AssemblyDependencyResolver _resolver = new(path);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            if (Shared.Contains(assemblyName.Name, StringComparer.Ordinal))
            {
                return null; // null falls back to the default context: wequick's own copy
            }

            if (assemblyName.Name?.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal) == true && FromWequick(assemblyName) is { } shared)
            {
                return shared;
            }

            return _resolver.ResolveAssemblyToPath(assemblyName) is { } file ? LoadFromAssemblyPath(file) : null;
        }

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } file ? LoadUnmanagedDllFromPath(file) : IntPtr.Zero;

        private static Assembly? FromWequick(AssemblyName name)
        {
            try
            {
                return Default.LoadFromAssemblyName(name);
            }
            catch (IOException)
            {
                return null; // wequick does not have it (or not that version): the backend brings its own
            }
        }
    }
}
