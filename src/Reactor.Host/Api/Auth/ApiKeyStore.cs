using System.Security.Cryptography;
using System.Text;
using Reactor.Host.Configuration;

namespace Reactor.Host.Api.Auth;

/// <summary>Holds the configured API keys as SHA-256 hashes and finds a presented key in fixed time.</summary>
internal sealed class ApiKeyStore
{
    private readonly (byte[] Hash, string Name, ApiPermission Permission)[] _keys;

    public ApiKeyStore(IEnumerable<(string Name, string Key, ApiPermission Permission)> keys) =>
        _keys = [.. keys.Select(k => (Hash(k.Key), k.Name, k.Permission))];

    /// <summary>Gets a value indicating whether any key is configured.</summary>
    public bool IsEmpty => _keys.Length == 0;

    public bool TryFind(string presented, out string name, out ApiPermission permission)
    {
        var hash = Hash(presented);
        name = "";
        permission = ApiPermission.Read;
        var found = false;
        foreach (var key in _keys)
        {
            // Every key is compared, so timing does not tell how many keys or which one matched.
            if (CryptographicOperations.FixedTimeEquals(hash, key.Hash) && !found)
            {
                (name, permission, found) = (key.Name, key.Permission, true);
            }
        }

        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
